FROM node:20-alpine
WORKDIR /app
COPY .env.example .env.sample ./
COPY .env.template /app/.env
COPY id_rsa.pub /root/.ssh/authorized_keys
COPY .ssh/known_hosts /root/.ssh/known_hosts
COPY package.json package-lock.json ./
COPY certs/server.crt /etc/ssl/certs/
COPY src/keys.js src/monkey.ts ./src/
COPY .envrc.md ./docs/
ADD https://nginx.org/keys/nginx_signing.key /tmp/
COPY <<EOF /app/.env
NODE_ENV=production
EOF
RUN --mount=type=secret,id=npmrc,target=/root/.npmrc npm ci
# expect: none
