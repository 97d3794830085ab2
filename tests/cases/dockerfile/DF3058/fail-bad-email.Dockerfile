FROM alpine:3.20
LABEL maintainer="Jane Doe <jane@example.com>"
LABEL maintainer="jane.example.com"
LABEL maintainer="jane@localhost"
LABEL maintainer="jane@@example.com"
LABEL maintainer="jane@example.com, joe@example.com"
# case-settings: label-schema=maintainer:email
# expect: DF3058@2 DF3058@3 DF3058@4 DF3058@5 DF3058@6
