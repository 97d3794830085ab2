# syntax=docker/dockerfile:1
FROM debian:12-slim
RUN <<EOT
wget https://example.com/release.tar.gz
wget -q https://example.com/release.tar.gz.sha256
EOT
# expect: DF3047@3-6
