FROM nginx:1.27-alpine
FROM registry.internal.example.com:5000/nginx:1.27
# case-settings: trusted-registries=registry.internal.example.com:5000
# expect: DF3026@1
