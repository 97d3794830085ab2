# syntax=docker/dockerfile:1.7
# escape=\
# A comment before anything else.
ARG BASE=alpine
ARG TAG=3.20

FROM ${BASE}:${TAG}
ARG TAG
LABEL org.opencontainers.image.version="${TAG}"
# expect: none
