FROM node:20-alpine
ONBUILD COPY --chmod=0777 . /app
# expect: DF5007@2
