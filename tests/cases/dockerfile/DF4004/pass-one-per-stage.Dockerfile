FROM node:20-alpine AS test
ENTRYPOINT ["npm", "test"]

FROM node:20-alpine
ENTRYPOINT ["node", "server.js"]
CMD ["--port", "8080"]
# expect: none
