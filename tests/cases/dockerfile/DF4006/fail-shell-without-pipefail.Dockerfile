FROM debian:12-slim
SHELL ["/bin/bash", "-c"]
RUN curl -fsSL https://example.com/a | tee /tmp/a
# /bin/sh is dash here, which has no pipefail option.
SHELL ["/bin/sh", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/b | tee /tmp/b
# expect: DF4006@3 DF4006@6
