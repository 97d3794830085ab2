FROM golang:1.22 AS build
RUN go build -o /out/app ./...

FROM alpine:3.20
COPY --from=2 /out/app /usr/local/bin/app
COPY --from=-1 /out/app /usr/local/bin/app2
# expect: DF3022@5 DF3022@6
