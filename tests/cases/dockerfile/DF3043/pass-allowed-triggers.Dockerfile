FROM node:20-alpine
ONBUILD COPY package.json package-lock.json /usr/src/app/
ONBUILD RUN npm ci
ONBUILD ARG NODE_ENV=production
ONBUILD LABEL org.opencontainers.image.vendor="ACME"
# expect: none
