FROM alpine:3.19
WORKDIR app
RUN <<EOF
echo never closed
# expect: DF1000@3-6 DF3000@2
EOF-NOT
