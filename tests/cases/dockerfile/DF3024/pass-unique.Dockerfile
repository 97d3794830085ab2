FROM node:20-alpine AS web
RUN npm ci && npm run build

FROM golang:1.22 AS api
RUN go build ./...

FROM alpine:3.20
COPY --from=web /app/dist /srv/www
COPY --from=api /go/bin/api /usr/local/bin/api
FROM alpine:3.20
# expect: none
