FROM node:20-alpine
COPY package.json .
COPY ["server.js", "app/"]
COPY --chown=node:node src "lib"
WORKDIR /app
COPY . .
# expect: DF3045@2 DF3045@3 DF3045@4
