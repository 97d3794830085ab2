ARG IMAGE=alpine:3.19
FROM $IMAGE AS first
# A stage ARG does not change what later FROM lines see.
ARG IMAGE=ubuntu
FROM ${IMAGE} AS second
FROM debian AS third
# expect: DF3006@6
