FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSL https://example.com/i.sh | sh -e -c 'cat > /tmp/i.sh'
RUN curl -fsSL https://example.com/v.txt | perl -ne 'print if /version/'
RUN echo "`curl -fsSL https://example.com/version`" | tee /tmp/version
RUN echo "curl -fsSL https://example.com/i.sh | sh" > /tmp/howto.txt
RUN curl -fsSL -o /dev/null -w '%{http_code}' https://example.com/ | grep 200
RUN ["curl", "-fsSLo", "/tmp/i.sh", "https://example.com/i.sh"]
# expect: none
