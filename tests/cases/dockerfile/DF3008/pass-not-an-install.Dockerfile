FROM debian:12
# Only apt-get install is judged: downloads, queries and removals are not.
RUN apt-get update \
 && apt-get download curl \
 && apt-cache policy curl \
 && apt-get remove -y vim-tiny \
 && echo "apt-get install curl" > /tmp/notes.txt \
 && rm -rf /var/lib/apt/lists/*
# expect: none
