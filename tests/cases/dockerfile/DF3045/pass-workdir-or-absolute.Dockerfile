FROM debian:12-slim AS base1
WORKDIR /usr/src
COPY foo bar

FROM base1 AS base2
RUN true

FROM debian:12-slim AS other
ARG DEST
COPY bla.sh /usr/local/bin/blubb.sh
COPY bla.sh "/usr/local/bin/blubb2.sh"
COPY src.sh ${SRC_BASE_ENV}
COPY src.sh "$DEST"
COPY bla.sh d:/mypath/blubb.sh

FROM base2
COPY foo bar
# expect: none
