FROM debian:12-slim
ARG SOURCE
ARG TOOL_URL=https://example.com/tool-1.2.tar.gz
ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/tool.bin /usr/local/bin/tool
ADD rootfs.tar.xz /
ADD vendor.tgz deps.tar.bz2 /opt/
ADD git@github.com:acme/private-repo.git /src/private
ADD https://github.com/moby/buildkit.git#v0.14.1 /src/buildkit
ADD ${TOOL_URL} /tmp/
ADD $SOURCE /data/
ADD <<EOF /etc/motd
Welcome
EOF
ONBUILD ADD app.tar.gz /srv/
ADD tools.tar.lz /opt/
# expect: none
