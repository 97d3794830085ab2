FROM debian:12-slim
# The lists are written by the update, so removing them first does nothing.
RUN rm -rf /var/lib/apt/lists/* \
 && apt-get update \
 && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u5
# A second update after the clean-up brings them back.
RUN apt-get update && rm -rf /var/lib/apt/lists/* && apt-get update
# expect: DF3009@3-5 DF3009@7
