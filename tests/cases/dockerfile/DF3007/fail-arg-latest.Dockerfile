ARG TAG=latest
FROM python:${TAG}
# expect: DF3007@2
