# syntax=docker/dockerfile:1.7
# check=skip=all
# escape=\
FROM debian:12
