FROM node:20-alpine
WORKDIR /app
COPY package.json package-lock.json /app
COPY ["tsconfig.json", "src", "/app/build"]
ADD a.tar.gz b.tar.gz /opt/vendor
COPY --chown=node:node *.js *.json .
# expect: DF3021@3 DF3021@4 DF3021@5 DF3021@6
