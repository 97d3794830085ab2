FROM debian:12-slim
# Intentional difference from hadolint: set -o pipefail in the same RUN
# (before the pipe), or a shell started with -o pipefail.
RUN set -euxo pipefail; curl -fsSL https://example.com/a | tar xz
RUN set -o pipefail && wget -qO- https://example.com/b | tar xz
RUN bash -o pipefail -c 'curl -fsSL https://example.com/c | tar xz'
RUN echo no pipes here && ls -la || true
# expect: none
