FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# SHELL does not apply to the exec form, which names its own shell.
RUN ["/bin/sh", "-c", "curl -fsSL https://example.com/a | tar xz"]
# expect: DF4006@4
