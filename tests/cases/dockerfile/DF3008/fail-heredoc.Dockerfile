# syntax=docker/dockerfile:1
FROM debian:12
RUN <<EOF
set -e
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
# expect: DF3008@3-8
