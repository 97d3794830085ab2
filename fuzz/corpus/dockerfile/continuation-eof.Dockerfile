FROM a
RUN echo \
