# Lists left in a builder stage never reach the final image.
FROM debian:12 AS build
RUN apt-get update && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 libc6-dev=2.36-9
COPY hello.c /src/hello.c
RUN gcc -static -o /hello /src/hello.c

FROM scratch
COPY --from=build /hello /hello
ENTRYPOINT ["/hello"]
# expect: none
