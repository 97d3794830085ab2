FROM node:20-alpine AS build
WORKDIR /app
COPY . .
RUN yarn install --frozen-lockfile && yarn build

FROM nginx:1.25-alpine
COPY --from=build /app/dist /usr/share/nginx/html
# expect: none
