# moat:ignore=DF3006 the internal mirror only publishes one version
FROM registry.internal.example.com/debian AS base
FROM registry.internal.example.com/alpine
USER 1000
# expect: DF3006@3
