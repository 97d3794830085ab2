FROM python:3.12-slim
WORKDIR /app
ADD requirements.txt /app/
ADD --chown=app:app src/ /app/src/
ADD ["config.yaml", "/etc/app/"]
ADD vendor.tar.gz README.md /opt/vendor/
# expect: DF3020@3 DF3020@4 DF3020@5 DF3020@6
