FROM debian:12
RUN apt-get update \
 && apt-get install -y \
      build-essential=12.9 \
      python3-dev=3.11.2-1+b1 \
 && rm -rf /var/lib/apt/lists/*
RUN env DEBIAN_FRONTEND=noninteractive apt-get -y install curl=7.88.1-10+deb12u5
# expect: DF3015@2-6 DF3015@7
