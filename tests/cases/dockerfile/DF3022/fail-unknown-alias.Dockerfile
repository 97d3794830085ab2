FROM golang:1.22 AS build
RUN go build -o /out/app ./...

FROM alpine:3.20
COPY --from=builder /out/app /usr/local/bin/app
COPY --from=alpine /etc/ssl/certs/ca-certificates.crt /etc/ssl/certs/
# expect: DF3022@5 DF3022@6
