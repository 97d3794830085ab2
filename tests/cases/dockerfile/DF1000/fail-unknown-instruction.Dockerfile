FROM debian:12.5-slim
RUNN apt-get update
COPY app /usr/local/bin/app
WORKDIR app
CMD ["app"]
# expect: DF1000@2 DF3000@4
