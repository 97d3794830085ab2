FROM debian:12-slim
RUN curl -k -fsSLo /tmp/a.tgz https://example.com/a.tgz
RUN curl -fsSLk https://example.com/b.tgz -o /tmp/b.tgz
RUN curl --insecure -o /tmp/c https://example.com/c
RUN wget --no-check-certificate https://example.com/d.tgz
RUN git config --global http.sslVerify false
RUN git -c http.sslVerify=false clone https://git.example.com/acme/app.git
# expect: DF5002@2 DF5002@3 DF5002@4 DF5002@5 DF5002@6 DF5002@7
