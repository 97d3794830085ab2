FROM python:3.12-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends gcc=4:12.2.0-3 libpq-dev=15.6-0+deb12u1 make \
 && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install --no-cache-dir -r requirements.txt
USER 10001
# expect: DF5012@2-4
