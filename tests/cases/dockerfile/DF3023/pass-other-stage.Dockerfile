FROM node:20-alpine AS deps
RUN npm ci

FROM node:20-alpine AS runtime
COPY --from=deps /app/node_modules /app/node_modules
COPY --from=0 /app/package.json /app/
# expect: none
