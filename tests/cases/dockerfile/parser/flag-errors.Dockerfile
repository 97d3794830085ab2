FROM alpine:3.19 AS base
COPY --chown app:app src /src
COPY --link --link src /src2
RUN --network=sometimes true
ADD --checksum=sha256:0123 https://example.com/x.tgz /x.tgz
COPY --from=base --chmod=0644 /etc/hosts /hosts
# expect: DF1000@2 DF1000@3 DF1000@4
