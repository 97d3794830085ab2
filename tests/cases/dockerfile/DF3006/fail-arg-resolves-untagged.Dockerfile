ARG BASE=debian
FROM ${BASE}
RUN apt-get update
# expect: DF3006@2
