FROM alpine:3.19
ONBUILD COPY onlyone
ONBUILD RUN --mount=type=cache,target=/root/.cache true
WORKDIR rel
# expect: DF1000@2 DF3000@4
