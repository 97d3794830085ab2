# The body of a RUN heredoc is a script: its commands are checked.
FROM debian:12
RUN <<EOF
apt-get update
apt-get install -y --no-install-recommends curl
rm -rf /var/lib/apt/lists/*
EOF
# expect: DF3008@3-7
