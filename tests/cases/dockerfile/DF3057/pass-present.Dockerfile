FROM nginx:1.27-alpine
HEALTHCHECK --interval=30s CMD ["wget", "-q", "--spider", "http://localhost/"]
# case-settings: enable=DF3057
# expect: none
