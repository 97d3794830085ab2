FROM debian:12-slim AS build
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/a | tar xz

FROM debian:12-slim
RUN curl -fsSL https://example.com/b | tar xz
# expect: DF4006@6
