ARG TAG
FROM node:20.11.1 AS build
FROM node:latest-slim AS odd
FROM node:Latest AS case
FROM nginx:latest@sha256:4c0fdaa8b6341bfdeca5f18f7837462c80cff90527ee35ef185571e1c327beac AS pinned
FROM python:${TAG}
FROM build
# expect: none
