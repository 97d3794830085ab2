FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
 && apt-get clean \
 && rm -rf /var/lib/apt/lists/*
RUN apt update && apt-get install -y --no-install-recommends jq=1.6-2.1 && rm -rf /var/lib/apt/lists
# expect: none
