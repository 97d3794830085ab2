FROM debian:12-slim
ARG TINI_URL=https://github.com/krallin/tini/releases/download/v0.19.0/tini
ADD https://github.com/krallin/tini/releases/download/v0.19.0/tini /tini
ADD http://example.com/config.tar.gz /etc/app/
ADD ${TINI_URL} /usr/bin/tini
ADD --chmod=755 ["https://example.com/tool", "/usr/local/bin/tool"]
# expect: DF5006@3 DF5006@4 DF5006@5 DF5006@6
