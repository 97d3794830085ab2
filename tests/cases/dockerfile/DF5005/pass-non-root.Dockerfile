FROM node:20-alpine AS build
USER root
RUN npm ci

FROM node:20-alpine
USER root
RUN apk add --no-cache tini=0.19.0-r3
USER node:node
CMD ["node", "server.js"]
# expect: none
