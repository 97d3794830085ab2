ARG BASE=alpine
ARG TAG
ARG REG
FROM ${REG:+$REG/}${BASE}:${TAG:-3.19}
ARG TAG
ARG LOCAL=x-$TAG
ENV V=$LOCAL
RUN echo $V ${V:?unset} ${#V} ${V/a/b}
