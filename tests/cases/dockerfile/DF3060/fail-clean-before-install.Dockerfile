FROM node:20-alpine
WORKDIR /app
RUN yarn cache clean && yarn install --frozen-lockfile
# expect: DF3060@3
