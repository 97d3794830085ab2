FROM golang:1.22 AS build AS other
WORKDIR /src
RUN go build -o /out/app ./cmd/app

FROM alpine:latest
COPY --from=build /out/app /usr/local/bin/app
# expect: DF1000@1 DF3007@5
