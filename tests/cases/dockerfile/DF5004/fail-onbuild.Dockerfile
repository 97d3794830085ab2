FROM python:3.12-slim
ONBUILD COPY .pypirc /root/.pypirc
ONBUILD COPY . /app
# expect: DF5004@2
