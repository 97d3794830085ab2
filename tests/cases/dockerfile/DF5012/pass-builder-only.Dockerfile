# Tools in a stage the final stage does not build on are fine.
FROM golang:1.22-alpine AS build
RUN apk add --no-cache make=4.4.1-r2 gcc=13.2.1_git20231014-r0 musl-dev=1.2.4_git20230717-r4
COPY . /src
RUN make -C /src build

FROM alpine:3.19
COPY --from=build /src/bin/app /usr/local/bin/app
RUN apk add --no-cache ca-certificates=20240226-r0
USER 10001
# expect: none
