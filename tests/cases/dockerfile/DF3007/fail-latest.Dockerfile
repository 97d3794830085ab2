FROM node:latest AS build
RUN npm ci

FROM ghcr.io/acme/runtime:latest
COPY --from=build /app /app
# expect: DF3007@1 DF3007@4
