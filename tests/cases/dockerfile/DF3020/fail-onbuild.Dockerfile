FROM node:20-alpine
ONBUILD ADD . /usr/src/app
# expect: DF3020@2
