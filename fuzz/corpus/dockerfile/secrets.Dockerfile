FROM a
ENV AWS_SECRET_ACCESS_KEY=abc PASSWORD=hunter2
ARG GITHUB_TOKEN
COPY id_rsa /root/.ssh/
ADD https://example.com/install.sh /i.sh
RUN chmod 777 /i.sh && curl -k https://x
EXPOSE 22 80/tcp 70000
USER root
