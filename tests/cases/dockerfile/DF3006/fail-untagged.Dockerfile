FROM debian
RUN echo hi
# expect: DF3006@1
