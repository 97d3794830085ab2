FROM --platform=linux/amd64 node:20-alpine AS build
RUN npm ci

FROM --platform=linux/arm64/v8 alpine:3.20
COPY --from=build /app /app
# expect: DF3029@1 DF3029@4
