FROM debian:12-slim
COPY build/release-1.4.tar /srv/app.tar
WORKDIR /srv
RUN mkdir app && cd app && tar xf ../app.tar
# expect: DF3010@2
