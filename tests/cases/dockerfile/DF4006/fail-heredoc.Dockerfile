# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN <<EOF
curl -fsSL https://example.com/app.tgz | tar xz -C /opt
EOF
RUN <<EOF bash
set -o pipefail
curl -fsSL https://example.com/app.tgz | tar xz -C /opt
EOF
# expect: DF4006@3-5
