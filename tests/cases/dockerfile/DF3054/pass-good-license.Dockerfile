FROM alpine:3.20
ARG LICENSE
LABEL org.opencontainers.image.licenses="Apache-2.0"
LABEL org.opencontainers.image.licenses="MIT OR Apache-2.0"
LABEL org.opencontainers.image.licenses="(MIT AND BSD-3-Clause) OR GPL-2.0-or-later"
LABEL org.opencontainers.image.licenses="GPL-2.0-only WITH Classpath-exception-2.0"
LABEL org.opencontainers.image.licenses="LicenseRef-ACME-Commercial"
LABEL org.opencontainers.image.licenses="DocumentRef-sbom:LicenseRef-Custom-1"
LABEL org.opencontainers.image.licenses="mit"
LABEL org.opencontainers.image.licenses="LGPL-2.1+"
LABEL org.opencontainers.image.licenses="Artistic-1.0-Perl OR EPL-1.0 OR Zlib"
LABEL org.opencontainers.image.licenses="${LICENSE}"
# case-settings: label-schema=org.opencontainers.image.licenses:spdx
# expect: none
