FROM node:20.11-alpine
ENV NODE_ENV=production PORT
WORKDIR /srv/app
EXPOSE 70000
# expect: DF1000@2 DF3011@4
