FROM ubuntu:24.04
RUN apt update \
 && apt install -y --no-install-recommends curl=8.5.0-2ubuntu10.1 \
 && rm -rf /var/lib/apt/lists/*
RUN /usr/bin/apt list --installed
RUN sudo apt-get update && sudo apt search jq
# expect: DF3027@2-4 DF3027@5 DF3027@6
