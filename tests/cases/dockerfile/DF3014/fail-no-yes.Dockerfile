FROM ubuntu:22.04
RUN apt-get update \
 && apt-get install --no-install-recommends python3=3.10.6-1~22.04 \
 && rm -rf /var/lib/apt/lists/*
# A single -q does not imply -y.
RUN apt-get -q install --no-install-recommends curl=7.81.0-1ubuntu1.15
RUN apt-get install --quiet --no-install-recommends jq=1.6-2.1ubuntu3
# expect: DF3014@2-4 DF3014@6 DF3014@7
