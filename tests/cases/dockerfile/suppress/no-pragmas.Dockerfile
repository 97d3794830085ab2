# hadolint ignore=DL3006
FROM debian AS base
# moat:ignore=DF3006
FROM ubuntu AS other
# trivy:ignore:AVD-DS-0001
FROM nginx:latest
# hadolint global ignore=DL3006,DL3007
USER 1000
# case-settings: no-pragmas=true
# expect: DF3006@2 DF3006@4 DF3007@6
