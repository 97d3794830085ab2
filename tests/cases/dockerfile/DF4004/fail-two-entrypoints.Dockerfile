FROM node:20-alpine
ENTRYPOINT ["docker-entrypoint.sh"]
WORKDIR /app
ENTRYPOINT ["node", "server.js"]
# expect: DF4004@4
