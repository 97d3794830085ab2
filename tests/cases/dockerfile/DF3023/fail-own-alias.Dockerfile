FROM node:20-alpine AS deps
RUN npm ci
COPY --from=deps /app/node_modules /app/node_modules
# expect: DF3023@3
