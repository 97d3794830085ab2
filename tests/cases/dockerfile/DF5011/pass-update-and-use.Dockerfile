FROM debian:12-slim
RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
RUN apt-get update && apt-get build-dep -y hello && rm -rf /var/lib/apt/lists/*
RUN apk update && apk add curl=8.5.0-r0 && rm -rf /var/cache/apk/*
RUN apk update && apk upgrade
# Not an index update: yum update upgrades packages.
RUN yum update -y
# expect: none
