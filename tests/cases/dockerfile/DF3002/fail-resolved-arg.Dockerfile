FROM debian:12-slim AS build
ARG BUILD_USER=root
USER ${BUILD_USER}

FROM debian:12-slim
USER 1000:1000
# expect: DF3002@3
