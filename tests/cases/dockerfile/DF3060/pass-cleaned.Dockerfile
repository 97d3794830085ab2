# syntax=docker/dockerfile:1
FROM node:20-alpine
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile && yarn cache clean
RUN yarn add express@4.18.2 && yarn cache clean --all
RUN --mount=type=cache,target=/usr/local/share/.cache/yarn yarn install --frozen-lockfile
RUN yarn install --frozen-lockfile && rm -rf /usr/local/share/.cache/yarn
RUN yarn build && yarn run test
# expect: none
