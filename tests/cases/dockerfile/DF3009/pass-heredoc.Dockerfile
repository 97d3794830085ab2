# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN <<EOF bash
set -euxo pipefail
apt-get update
apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
rm -rf /var/lib/apt/lists/*
EOF
# expect: none
