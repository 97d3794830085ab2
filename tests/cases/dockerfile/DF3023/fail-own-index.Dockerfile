FROM node:20-alpine AS deps
RUN npm ci

FROM node:20-alpine AS Runtime
COPY --from=1 /app/dist /srv/
COPY --from=runtime /srv/ /opt/
# expect: DF3023@5 DF3023@6
