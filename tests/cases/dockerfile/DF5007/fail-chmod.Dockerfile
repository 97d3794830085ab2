FROM debian:12-slim
RUN chmod 777 /app
RUN chmod -R 0666 /var/log/app
RUN chmod o+w /srv/data && chmod -R a+rwx /opt/shared
RUN chmod ugo=rwx /run/app.sock
RUN mkdir -m 777 /uploads
RUN install -d -m 0777 /cache
COPY --chmod=777 entrypoint.sh /usr/local/bin/
ADD --chmod=666 config.ini /etc/app/
RUN chmod 2777 /srv/group
# expect: DF5007@2 DF5007@3 DF5007@4 DF5007@4 DF5007@5 DF5007@6 DF5007@7 DF5007@8 DF5007@9 DF5007@10
