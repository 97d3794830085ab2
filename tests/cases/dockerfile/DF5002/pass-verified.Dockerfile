FROM node:20-alpine
ENV NODE_TLS_REJECT_UNAUTHORIZED=1
ENV NPM_CONFIG_STRICT_SSL=true
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/corp-ca.pem
RUN curl -fsSL -o /tmp/a https://example.com/a
RUN curl -fsSL -K /etc/curlrc -o /tmp/b https://example.com/b
RUN wget -q --ca-certificate=/etc/ssl/certs/corp-ca.pem https://example.com/c
RUN git config --global http.sslVerify true
RUN git config --global http.sslCAInfo /etc/ssl/certs/corp-ca.pem
RUN npm config set strict-ssl true
RUN apk add --no-cache ca-certificates
RUN pip install --index-url https://pypi.internal.example.com/simple -r requirements.txt
RUN echo "insecure mode: -k --insecure --no-check-certificate" > /tmp/notes
# expect: none
