FROM node:20-alpine
WORKDIR /app
COPY id_rsa /root/.ssh/id_rsa
COPY .env ./
COPY .env.production ./.env
COPY .npmrc package.json package-lock.json ./
COPY config/.pypirc /root/.pypirc
ADD .netrc /root/
COPY certs/server.key /etc/ssl/private/
COPY --from=build /root/.aws/credentials /root/.aws/credentials
COPY .ssh/ /root/.ssh/
COPY deploy/.ssh /home/app/.ssh
COPY ["secrets/keystore.p12", "/etc/app/"]
# expect: DF5004@3 DF5004@4 DF5004@5 DF5004@6 DF5004@7 DF5004@8 DF5004@9 DF5004@10 DF5004@11 DF5004@12 DF5004@13
