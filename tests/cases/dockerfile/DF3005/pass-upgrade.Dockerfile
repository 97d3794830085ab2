# case-settings: enable=DF3005
FROM debian:12
# A plain upgrade keeps the release; it is not this rule's concern.
RUN apt-get update && apt-get upgrade -y && rm -rf /var/lib/apt/lists/*
RUN echo "never run apt-get dist-upgrade here" > /README
# expect: none
