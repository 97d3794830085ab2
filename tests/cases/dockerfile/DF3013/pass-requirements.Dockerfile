FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt constraints.txt ./
RUN pip install --no-cache-dir -r requirements.txt
RUN pip install --no-cache-dir --requirement=requirements.txt
RUN pip install --no-cache-dir -c constraints.txt gunicorn
RUN pip install --no-cache-dir --constraint constraints.txt uvicorn
COPY . .
RUN pip install --no-cache-dir .
RUN pip install --no-cache-dir -e .
# expect: none
