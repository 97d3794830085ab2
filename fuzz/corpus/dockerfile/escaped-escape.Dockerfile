FROM a
RUN echo \\
RUN echo ok
