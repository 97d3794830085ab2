FROM debian:12-slim
MAINTAINER Jane Doe <jane@example.com>

FROM alpine:3.20
MAINTAINER ops@example.com
# expect: DF4000@2 DF4000@5
