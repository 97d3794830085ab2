FROM python:3.12-slim
ONBUILD FOO bar
ONBUILD RUN pip install --no-cache-dir -r requirements.txt
MAINTAINER dev@example.com
# expect: DF1000@2 DF4000@4
