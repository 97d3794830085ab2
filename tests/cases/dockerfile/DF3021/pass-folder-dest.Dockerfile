FROM node:20-alpine
ARG DEST
ENV APP_HOME=/srv/app/
WORKDIR /app
COPY package.json package-lock.json ./
COPY ["tsconfig.json", "src", "/app/build/"]
COPY server.js /app/index.js
COPY package.json yarn.lock $APP_HOME
COPY a.txt b.txt ${DEST}
COPY --from=build /out/a /out/b /usr/local/bin/
# expect: none
