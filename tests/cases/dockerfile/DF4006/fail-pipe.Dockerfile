FROM debian:12-slim
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
RUN wget -qO- https://example.com/app.tgz \
    | tar xz -C /opt
# A pipe inside sh -c or $(...) is still a pipe.
RUN sh -c 'cat /etc/os-release | grep -q bookworm'
RUN echo "$(ls /opt | wc -l)"
# expect: DF4006@2 DF4006@3-4 DF4006@6 DF4006@7
