FROM alpine:3.19 AS fetch
RUN wget -q -O /tmp/tool https://example.com/tool

FROM debian:12-slim
COPY --from=fetch /tmp/tool /usr/local/bin/tool
RUN curl -fsSL https://example.com/config -o /etc/tool.conf
# Installing a tool or naming it is not using it.
RUN apt-get update \
 && apt-get install -y --no-install-recommends wget=1.21.3-1+b2 \
 && rm -rf /var/lib/apt/lists/* \
 && echo "wget is installed" > /tmp/note
# expect: none
