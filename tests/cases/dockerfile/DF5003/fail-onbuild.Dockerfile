FROM node:20-alpine
ONBUILD ARG NPM_TOKEN
ONBUILD ENV REGISTRY_URL=https://ci:s3cr3tpass@npm.internal.example.com/
# expect: DF5003@2 DF5003@3
