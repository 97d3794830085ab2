FROM node:20-alpine
ENV APP_HOME=/srv/app
COPY package.json yarn.lock $APP_HOME
# expect: DF3021@3
