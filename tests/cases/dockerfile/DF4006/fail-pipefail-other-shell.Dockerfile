FROM debian:12-slim
# pipefail set in a subshell or in another shell's script does not reach
# the pipe of the outer script.
RUN (set -o pipefail; curl -fsSL https://example.com/a | tar xz) && ls /opt | sort
RUN bash -c 'set -o pipefail' && curl -fsSL https://example.com/b | tar xz
# expect: DF4006@4 DF4006@5
