FROM debian:12-slim
RUN curl -fsSL https://example.com/a | tar xz; set -o pipefail
RUN bash -o pipefail -c 'true' && curl -fsSL https://example.com/b | tar xz
# expect: DF4006@2 DF4006@3
