FROM debian:12-slim
COPY packages.txt /tmp/packages.txt
# xargs runs the install, so the index update is used.
RUN apt-get update \
 && xargs -a /tmp/packages.txt apt-get install -y --no-install-recommends \
 && rm -rf /var/lib/apt/lists/*
RUN apk update && xargs apk add --no-cache < /tmp/packages.txt
# expect: none
