FROM node:latest AS build
# trivy:ignore:AVD-DS-0002 trivy:ignore:AVD-DS-0001
FROM nginx:latest
# expect: DF3007@1
