# A malformed instruction gives one DF1000 at its own line; the
# instructions after it are still parsed and checked.
FROM alpine:3.19
RUN echo ok
FOO bar
WORKDIR relative/dir
# expect: DF1000@5 DF3000@6
