FROM mysql:8.4
# A switch is not a secret, but a real password next to it is.
ENV MYSQL_ALLOW_EMPTY_PASSWORD=yes MYSQL_ROOT_PASSWORD=example-root-pw
# expect: DF5003@3
