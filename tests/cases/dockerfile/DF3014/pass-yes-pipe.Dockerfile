FROM ubuntu:22.04
# Intentional difference from hadolint: `yes |` answers the prompt.
RUN yes | apt-get install --no-install-recommends curl=7.81.0-1ubuntu1.15
# expect: none
