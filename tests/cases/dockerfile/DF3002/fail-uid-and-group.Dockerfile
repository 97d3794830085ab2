FROM debian:12-slim AS tools
USER 0:0
RUN apt-get update

FROM alpine:3.20 AS certs
USER root:wheel

FROM alpine:3.20
USER 1000
# expect: DF3002@2 DF3002@6
