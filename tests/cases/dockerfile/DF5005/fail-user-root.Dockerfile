FROM node:20-alpine
USER node
RUN npm ci
USER root
CMD ["node", "server.js"]
# expect: DF5005@4
