FROM node:20-alpine AS deps
WORKDIR /app
COPY package.json yarn.lock ./
RUN yarn install --frozen-lockfile --production

# The final stage builds on deps, so deps' yarn cache ships in the image.
FROM deps
COPY . .
CMD ["node", "server.js"]
# expect: DF3060@4
