FROM node:20.11-bookworm-slim
WORKDIR /app
WORKDIR "/srv/data dir"
ARG HOME_DIR
WORKDIR $HOME_DIR/build
WORKDIR ${BUILD_ROOT:-/build}
ENV APP=/opt/app
WORKDIR $APP
USER node
# expect: none
