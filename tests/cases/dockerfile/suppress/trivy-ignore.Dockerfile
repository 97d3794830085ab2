# trivy:ignore:AVD-DS-0001
FROM nginx:latest AS web
FROM node:latest AS build
# trivy:ignore:AVD-DS-0001:exp:2027-12-31
FROM redis:latest
USER 1000
# expect: DF3007@3
