FROM alpine:3.20
LABEL com.docker.compose.project="shop"
LABEL io.docker.x="1" \
      org.dockerproject.y="2"
# expect: DF3048@2 DF3048@3-4 DF3048@3-4
