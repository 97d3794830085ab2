FROM debian:12-slim
RUN (set -o pipefail; curl -fsSL https://example.com/a | tar xz) && ls /opt
RUN bash -c 'set -eo pipefail; curl -fsSL https://example.com/b | tar xz'
RUN set -o pipefail && VERSION="$(curl -fsSL https://example.com/latest | head -n1)" && echo "$VERSION"
# expect: none
