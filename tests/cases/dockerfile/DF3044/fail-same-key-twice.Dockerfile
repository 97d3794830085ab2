FROM debian:12-slim
ENV PATH=/opt/a/bin:${PATH} PATH=/opt/b/bin:${PATH}
# expect: DF3044@2
