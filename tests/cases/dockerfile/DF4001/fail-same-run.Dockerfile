FROM alpine:3.19
RUN wget -q -O /tmp/x https://example.com/x \
 && curl -fsS https://example.com/y > /tmp/y
# expect: DF4001@2-3
