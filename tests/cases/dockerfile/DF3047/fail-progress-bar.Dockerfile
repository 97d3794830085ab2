FROM debian:12-slim
RUN wget https://example.com/release.tar.gz -O /tmp/release.tar.gz
RUN wget -O - https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
RUN sh -c 'wget -nc https://example.com/data.bin'
# expect: DF3047@2 DF3047@3 DF3047@4
