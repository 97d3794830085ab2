FROM alpine:3.20
CMD ["sh"]
CMD ["ash"]
CMD echo done
# expect: DF4003@3 DF4003@4
