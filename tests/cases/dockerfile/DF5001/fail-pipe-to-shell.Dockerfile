FROM debian:12-slim
RUN curl -fsSL https://deb.nodesource.com/setup_20.x | bash -
RUN wget -qO- https://get.example.com/install.sh | sh
RUN curl -sL https://example.com/setup.sh | sudo -E bash -s -- --version 1.2
RUN wget -O - https://example.com/i.sh | tee /tmp/i.sh | sh
RUN set -eux; \
    curl --silent --location https://example.com/i.py | python3.12
# expect: DF5001@2 DF5001@3 DF5001@4 DF5001@5 DF5001@6-7
