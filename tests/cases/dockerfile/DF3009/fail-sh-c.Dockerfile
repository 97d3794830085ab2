FROM debian:12-slim
RUN sh -c "apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5"
# expect: DF3009@2
