FROM node:20.11-bookworm-slim
WORKDIR app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev
WORKDIR ./dist
USER node
CMD ["node", "server.js"]
# expect: DF3000@2 DF3000@5
