FROM debian:12
# Two installs in one RUN give one finding listing both packages.
RUN apt-get update && apt-get install -y --no-install-recommends curl \
 && apt-get install -y --no-install-recommends wget \
 && rm -rf /var/lib/apt/lists/*
# expect: DF3008@3-5
