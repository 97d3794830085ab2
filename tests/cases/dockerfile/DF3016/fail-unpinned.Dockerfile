FROM node:20-bookworm-slim
RUN npm install -g \
      typescript@5.3.3 \
      pm2 \
      @nestjs/cli \
      nodemon@latest
# expect: DF3016@2-6
