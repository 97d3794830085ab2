FROM python:3.12-slim
RUN pip install --no-cache-dir \
      flask==3.0.2 \
      gunicorn \
      'requests[security]'
RUN python3 -m pip install --no-cache-dir --upgrade pip
RUN pip3.12 install --no-cache-dir --user httpie
# expect: DF3013@2-5 DF3013@6 DF3013@7
