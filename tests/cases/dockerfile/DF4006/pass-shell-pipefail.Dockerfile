FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
RUN wget -qO- https://example.com/app.tgz | tar xz -C /opt

FROM alpine:3.19
SHELL ["/bin/ash", "-eo", "pipefail", "-c"]
RUN wget -qO- https://example.com/app.tgz | tar xz -C /opt

FROM debian:12-slim
SHELL ["/usr/bin/zsh", "-o", "pipefail", "-c"]
RUN cat /etc/os-release | grep VERSION
# expect: none
