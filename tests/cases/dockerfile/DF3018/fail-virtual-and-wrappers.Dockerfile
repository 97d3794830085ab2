FROM alpine:3.19
# The name after --virtual / -t is the virtual package, not a package to pin;
# gcc still is.
RUN apk add --no-cache --virtual .build-deps gcc musl-dev=1.2.4_git20230717-r4 \
 && make -C /src \
 && apk del .build-deps
RUN sudo apk add --no-cache -t .tools git
RUN ["/bin/sh", "-c", "apk --no-cache add bash"]
# expect: DF3018@4-6 DF3018@7 DF3018@8
