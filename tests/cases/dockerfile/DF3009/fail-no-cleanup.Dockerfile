FROM debian:12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends ca-certificates=20230311
COPY app /usr/local/bin/app
USER 10001
ENTRYPOINT ["/usr/local/bin/app"]
# expect: DF3009@2-3
