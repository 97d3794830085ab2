# hadolint ignore=DL3006,DL3008
FROM debian AS build
# hadolint ignore=DL3006,DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get install -y --no-install-recommends git && rm -rf /var/lib/apt/lists/*

FROM ubuntu
USER 1000
# expect: DF3006@9 DF3008@7
