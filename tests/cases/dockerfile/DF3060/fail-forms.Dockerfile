FROM node:20-alpine
WORKDIR /app
RUN yarn
RUN yarn global add serve@14.2.1
RUN yarn add express@4.18.2 && yarn cache dir
# expect: DF3060@3 DF3060@4 DF3060@5
