FROM debian:12-slim AS stage1
WORKDIR /usr/src

FROM debian:12-slim
COPY foo bar
# expect: DF3045@5
