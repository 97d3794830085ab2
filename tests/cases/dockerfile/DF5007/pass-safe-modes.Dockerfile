FROM debian:12-slim
RUN chmod 1777 /tmp/shared
RUN chmod 755 /usr/local/bin/app && chmod 0644 /etc/app.conf
RUN chmod +x /entrypoint.sh && chmod -R g+w /srv/data && chmod o-w /srv/data
RUN chmod u=rwx,g=rx,o=rx /opt/app
RUN chmod a+rwxt /srv/dropbox
RUN chmod --reference=/etc/hosts /etc/app.conf
RUN mkdir -p -m 750 /var/lib/app
COPY --chmod=755 entrypoint.sh /usr/local/bin/
COPY --chmod=u+x,g+x run.sh /usr/local/bin/
RUN echo "chmod 777 is bad" > /tmp/note
# expect: none
