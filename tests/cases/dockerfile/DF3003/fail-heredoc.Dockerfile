# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN <<EOF
set -e
cd /opt
tar xzf /tmp/app.tgz
EOF
# expect: DF3003@3-7
