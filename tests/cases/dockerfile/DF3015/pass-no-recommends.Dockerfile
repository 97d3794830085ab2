FROM debian:12
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5 \
 && rm -rf /var/lib/apt/lists/*
RUN apt-get -o APT::Install-Recommends=false install -y jq=1.6-2.1
RUN apt-get install -y -o 'APT::Install-Recommends=0' git=1:2.39.2-1.1
# Other apt-get subcommands are not judged.
RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
# expect: none
