FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN wget -qO - https://example.com/install.sh | sh
RUN wget -q -O /dev/stdout https://example.com/install.sh | bash
RUN curl -fsSL https://example.com/install.sh | bash -o errexit
RUN curl -fsSL https://example.com/setup.rb | ruby
RUN . <(curl -fsSL https://example.com/env.sh)
RUN sh -c "`wget -qO- https://example.com/install.sh`"
RUN ["/bin/sh", "-c", "curl -fsSL https://example.com/install.sh | sh"]
# expect: DF5001@3 DF5001@4 DF5001@5 DF5001@6 DF5001@7 DF5001@8 DF5001@9
