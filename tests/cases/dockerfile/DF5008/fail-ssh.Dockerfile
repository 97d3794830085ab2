FROM ubuntu:22.04
RUN apt-get update && apt-get install -y --no-install-recommends openssh-server
EXPOSE 22
EXPOSE 80 22/tcp
EXPOSE 20-30
ARG SSH_PORT=22
EXPOSE ${SSH_PORT}
# expect: DF5008@3 DF5008@4 DF5008@5 DF5008@7
