FROM ruby:3.3-slim
RUN gem install bundler rake:13.1.0
RUN gem install --no-document rails
RUN sudo gem i --install-dir /opt/gems rubocop
# expect: DF3028@2 DF3028@3 DF3028@4
