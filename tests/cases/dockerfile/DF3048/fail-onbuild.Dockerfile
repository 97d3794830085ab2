FROM alpine:3.20
ONBUILD LABEL Team="payments"
# expect: DF3048@2
