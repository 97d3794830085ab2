FROM nginx:1.27-alpine
HEALTHCHECK CMD ["wget", "-q", "--spider", "http://localhost/"]
COPY site/ /usr/share/nginx/html/
HEALTHCHECK --interval=10s --timeout=3s \
  CMD ["wget", "-q", "--spider", "http://localhost/health"]
HEALTHCHECK NONE
# expect: DF3012@4-5 DF3012@6
