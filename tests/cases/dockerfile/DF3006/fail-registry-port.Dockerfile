FROM localhost:5000/team/base-image
FROM registry.example.com:443/ci/runner AS runner
FROM ghcr.io/acme/tools:1.4.0
# expect: DF3006@1 DF3006@2
