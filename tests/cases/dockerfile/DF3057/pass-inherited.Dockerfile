FROM nginx:1.27-alpine AS web
HEALTHCHECK NONE

FROM web AS themed
COPY theme/ /usr/share/nginx/html/

FROM themed
# case-settings: enable=DF3057
# expect: none
