FROM a
RUN echo $(echo $(echo `date` "$(id -u)")) && (cd /x && { make; make install; }) || true
