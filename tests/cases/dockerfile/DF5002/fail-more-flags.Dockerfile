FROM rockylinux:9
RUN curl --proxy-insecure -x https://proxy.internal:8443 -fsSLo /tmp/a https://example.com/a
RUN rpm -i --nosignature /tmp/acme-tools.rpm
RUN npm install --strict-ssl=false
ONBUILD ENV NODE_TLS_REJECT_UNAUTHORIZED=0
# expect: DF5002@2 DF5002@3 DF5002@4 DF5002@5
