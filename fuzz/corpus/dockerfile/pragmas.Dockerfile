# hadolint global ignore=DL3006
FROM a
# hadolint ignore=DL3008,DL3015
RUN apt-get install -y curl
# moat:ignore=DF5005 reason
USER root
# trivy:ignore:AVD-DS-0002:exp:2030-01-01
