ARG BASE=debian:12
FROM ${BASE} AS build
FROM build
FROM $UNKNOWN
FROM scratch
# expect: none
