FROM ubuntu:24.04
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=8.5.0-2ubuntu10.1 \
 && apt-cache policy curl \
 && rm -rf /var/lib/apt/lists/*
# Mentioning apt as an argument is not running it.
RUN echo apt install is interactive > /etc/motd && ls /etc/apt
# expect: none
