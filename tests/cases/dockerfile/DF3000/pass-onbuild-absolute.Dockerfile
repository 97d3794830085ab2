FROM ruby:3.3-slim
ONBUILD WORKDIR /usr/src/app
ONBUILD COPY Gemfile Gemfile.lock ./
# expect: none
