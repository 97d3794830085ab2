# A typical Debian service image: some packages pinned, others not.
FROM debian:12.5-slim
ARG DEBIAN_FRONTEND=noninteractive
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      ca-certificates=20230311 \
      curl \
      tini=0.19.0-1 \
      libpq5 \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /srv
CMD ["tini", "--", "/srv/app"]
# expect: DF3008@4-10
