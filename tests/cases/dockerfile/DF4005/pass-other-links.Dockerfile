FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
# Linking from /bin/sh to another name does not change the shell.
RUN ln -s /bin/sh /usr/local/bin/posix-sh
RUN ln -sf /usr/bin/python3 /usr/local/bin/python
RUN ln -s -t /usr/local/bin /bin/sh
# expect: none
