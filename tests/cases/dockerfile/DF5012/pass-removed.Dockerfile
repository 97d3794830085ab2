FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 libpq-dev=15.6-0+deb12u1 \
 && pip install --no-cache-dir psycopg2==2.9.9 \
 && apt-get purge -y --auto-remove gcc \
 && rm -rf /var/lib/apt/lists/*

FROM alpine:3.19
RUN apk add --no-cache --virtual .build-deps gcc=13.2.1_git20231014-r0 musl-dev=1.2.4_git20230717-r4 make=4.4.1-r2 \
 && make -C /src install \
 && apk del .build-deps
RUN apk add --no-cache -t .cmake cmake=3.27.8-r0
RUN cmake --version && apk del --no-cache .cmake
# expect: none
