FROM ruby:3.3-slim
ONBUILD WORKDIR usr/src/app
# expect: DF3000@2
