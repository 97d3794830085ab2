FROM ruby:3.3-slim
RUN gem install bundler:2.5.6
RUN gem install rails -v 7.1.3
RUN gem install --version '~> 13.1' rake
RUN gem install --no-document --version=1.62.0 rubocop
RUN gem install /tmp/private-gem-1.0.0.gem
RUN gem update --system 3.5.6 && gem list
# expect: none
