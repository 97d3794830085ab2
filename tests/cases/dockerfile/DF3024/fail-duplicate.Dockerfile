FROM node:20-alpine AS build
RUN npm ci && npm run build

FROM golang:1.22 AS build
RUN go build ./...

FROM alpine:3.20 AS BUILD
COPY --from=build /out /out
# expect: DF3024@4 DF3024@7
