FROM nginx:1.27-alpine
ONBUILD HEALTHCHECK CMD ["wget", "-q", "--spider", "http://localhost/"]
# case-settings: enable=DL3057
# expect: DF3057@1
