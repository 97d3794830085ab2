FROM postgres:16-alpine
ENV POSTGRES_PASSWORD_FILE=/run/secrets/db_password
ENV GPG_KEY=A035C8C19219BA821ECEA86B64E628F8D684696D
ENV TOKEN_URL=https://auth.example.com/oauth/token
ENV API_KEY=
ENV DB_PASSWORD=""
ENV PASSWORD_MIN_LENGTH=12 SECRET_NAME=app-secrets
ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes
ENV KEYCLOAK_ADMIN_PASSWORD=/run/secrets/kc
ENV DATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app
ENV PROXY=http://proxy.internal:3128 DOCS=https://user@docs.example.com/
ARG PASSWORD_FILE=/run/secrets/pw
ARG SECRETS_DIR=/run/secrets
ENV PUBLIC_KEY_PATH=/etc/app/pub.pem SSH_AUTH_SOCK=/ssh-agent
RUN --mount=type=secret,id=npm,env=NPM_TOKEN npm ci
# expect: none
