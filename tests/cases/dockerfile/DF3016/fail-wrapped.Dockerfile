FROM node:20-bookworm-slim
RUN su node -c "true" && sh -c 'npm install --prefix /opt/tools eslint'
RUN ["npm", "i", "-D", "prettier"]
# expect: DF3016@2 DF3016@3
