# trivy:ignore:AVD-DS-0001:exp:2020-01-01
FROM nginx:latest AS web
# trivy:ignore:AVD-DS-0001:exp:2026-11-22
FROM redis:latest AS cache
# trivy:ignore:AVD-DS-0001:exp:2026-11-21
FROM node:latest
USER 1000
# expect: DF3007@2 DF3007@6
