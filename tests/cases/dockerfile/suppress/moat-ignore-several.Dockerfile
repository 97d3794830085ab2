FROM alpine:3.20
# moat:ignore=DF3025,DF4003 kept for compatibility with old tooling
CMD echo one
CMD echo two
USER 1000
# expect: DF3025@4 DF4003@4
