FROM debian:12-slim
RUN apt-get update
# install the packages
RUN apt-get install -y --no-install-recommends curl
RUN useradd -r app
# expect: DF3059@4 DF3059@5
