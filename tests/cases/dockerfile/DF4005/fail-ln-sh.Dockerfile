FROM debian:12-slim
RUN ln -sf /bin/bash /bin/sh
RUN ln -s -f bash /usr/bin/sh
RUN cd /bin && ln -sf bash sh
RUN sh -c 'ln -snf /bin/dash /bin/sh'
# expect: DF4005@2 DF4005@3 DF4005@4 DF4005@5
