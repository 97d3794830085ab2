FROM node:20-alpine AS build
USER root

FROM node:20-alpine
# hadolint ignore=DL3002
USER root
# expect: DF3002@2
