FROM alpine:3.19
RUN apk add --no-cache curl \
    # a comment inside the continuation
    \
    && echo done
WORKDIR relative
# expect: DF3000@6
