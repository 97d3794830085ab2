# case-settings: enable=DF3005
FROM debian:11
RUN apt-get update && apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*
RUN apt-get -y full-upgrade
RUN apt update && apt -y dist-upgrade
# expect: DF3005@3 DF3005@4 DF3005@5
