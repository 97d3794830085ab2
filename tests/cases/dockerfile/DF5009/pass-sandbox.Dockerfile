# syntax=docker/dockerfile:1-labs
FROM docker:27-dind
RUN --security=sandbox echo ok
RUN --network=none echo "--security=insecure is only text here"
RUN echo done
# expect: none
