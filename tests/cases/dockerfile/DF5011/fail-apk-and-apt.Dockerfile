FROM alpine:3.19
RUN apk update
RUN apk add --no-cache curl=8.5.0-r0
RUN apt update -qq && echo done
RUN sudo apt-get -q update
# expect: DF5011@2 DF5011@4 DF5011@5
