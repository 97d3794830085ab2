FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
# No package names: installs what package.json and the lock file say.
RUN npm install
RUN npm install --omit=dev --loglevel warn
RUN npm ci --omit=dev
RUN npm install -g \
      typescript@5.3.3 \
      @nestjs/cli@10.3.2 \
      'lodash@^4.17.21' \
      gitbook-cli@2.3.2 \
      ./packages/local-lib \
      ../shared \
      /opt/vendor/tool.tgz \
      https://registry.example.com/pkg/-/pkg-1.0.0.tgz \
      git+https://github.com/expressjs/express.git#4.18.2 \
      expressjs/express#v4.18.2 \
      "$EXTRA_PACKAGE"
# expect: none
