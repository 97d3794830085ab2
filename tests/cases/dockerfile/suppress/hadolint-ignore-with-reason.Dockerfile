FROM debian:12-slim
# hadolint ignore=DL3000 # the base image sets an absolute WORKDIR
WORKDIR app
WORKDIR lib
# expect: DF3000@4
