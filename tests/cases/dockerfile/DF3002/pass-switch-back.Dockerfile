FROM node:20-alpine AS deps
USER root
RUN apk add --no-cache git=2.45.2-r0
USER node

FROM node:20-alpine AS build
ARG RUN_AS
USER ${RUN_AS}

FROM node:20-alpine
USER root
# expect: none
