FROM alpine:3.20
COPY vendor/tools.tgz /tmp/tools.tgz
RUN gunzip /tmp/tools.tgz && tar -xf /tmp/tools.tar -C /usr/local
# expect: DF3010@2
