FROM debian:12-slim
RUN wget --progress=dot:giga https://example.com/a.tar.gz
RUN wget --progress bar:force https://example.com/b.tar.gz
RUN wget -q https://example.com/c.tar.gz
RUN wget -qO- https://example.com/install.txt > /tmp/install.txt
RUN wget --quiet https://example.com/d.tar.gz
RUN wget -nv https://example.com/e.tar.gz
RUN wget --no-verbose https://example.com/f.tar.gz
RUN wget -o /tmp/wget.log https://example.com/g.tar.gz
RUN wget --output-file=/tmp/wget.log https://example.com/h.tar.gz
RUN wget -a /tmp/wget.log https://example.com/i.tar.gz
RUN wget --append-output /tmp/wget.log https://example.com/j.tar.gz
# expect: none
