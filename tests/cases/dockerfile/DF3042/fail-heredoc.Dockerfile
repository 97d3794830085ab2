# syntax=docker/dockerfile:1
FROM python:3.12-slim
RUN <<EOF
pip install flask==3.0.2
EOF
RUN <<EOF
pip install --no-cache-dir gunicorn==21.2.0
EOF
# expect: DF3042@3-5
