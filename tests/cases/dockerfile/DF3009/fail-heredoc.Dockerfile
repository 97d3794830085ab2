# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN <<EOF
set -eux
apt-get update
apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
EOF
# expect: DF3009@3-7
