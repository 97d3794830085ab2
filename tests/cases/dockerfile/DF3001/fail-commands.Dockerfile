FROM debian:12-slim
RUN service nginx start
RUN ps aux | grep -q nginx || kill -HUP 1
RUN free -m && top -bn1
RUN mount -t tmpfs tmpfs /mnt && shutdown -h now
RUN ssh -o StrictHostKeyChecking=no deploy@example.com true
RUN sudo vim -c ':wq' /etc/hosts
# expect: DF3001@2 DF3001@3 DF3001@4 DF3001@5 DF3001@6 DF3001@7
