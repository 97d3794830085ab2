FROM debian:12-slim
RUN curl -fsSL https://example.com/a.tar.gz -o /tmp/a.tar.gz
RUN wget -q https://example.com/b.tar.gz
RUN curl -fsSLO https://example.com/c.tar.gz
# expect: DF4001@3 DF4001@4
