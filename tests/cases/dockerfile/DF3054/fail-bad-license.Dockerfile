FROM alpine:3.20
LABEL org.opencontainers.image.licenses="Apache 2.0"
LABEL org.opencontainers.image.licenses="GPLv3"
LABEL org.opencontainers.image.licenses="MIT OR"
LABEL org.opencontainers.image.licenses="(MIT AND BSD-3-Clause"
LABEL org.opencontainers.image.licenses="Proprietary"
LABEL org.opencontainers.image.licenses="MIT WITH Apache-2.0"
LABEL org.opencontainers.image.licenses="Classpath-exception-2.0"
LABEL org.opencontainers.image.licenses="MIT and Apache-2.0"
# case-settings: label-schema=org.opencontainers.image.licenses:spdx
# expect: DF3054@2 DF3054@3 DF3054@4 DF3054@5 DF3054@6 DF3054@7 DF3054@8 DF3054@9
