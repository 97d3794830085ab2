FROM node:20-bookworm-slim
RUN npm install git+https://github.com/expressjs/express.git
RUN npm i expressjs/express
RUN npm add github:lodash/lodash
# expect: DF3016@2 DF3016@3 DF3016@4
