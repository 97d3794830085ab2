FROM debian:11
RUN apt-get update && apt-get dist-upgrade -y && rm -rf /var/lib/apt/lists/*
# expect: none
