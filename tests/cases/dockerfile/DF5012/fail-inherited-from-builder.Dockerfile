# The final stage builds FROM the stage that installed the compiler, so it
# ships it too.
FROM alpine:3.19 AS builder
RUN apk add --no-cache build-base=0.5-r3 cmake=3.27.8-r0 git=2.43.0-r0
COPY . /src
RUN cmake -S /src -B /build && cmake --build /build

FROM builder
RUN cmake --install /build --prefix /usr/local
USER 10001
# expect: DF5012@4
