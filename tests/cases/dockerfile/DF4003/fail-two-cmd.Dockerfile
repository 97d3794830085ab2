FROM python:3.12-slim
CMD ["python", "manage.py", "migrate"]
COPY . /app
CMD ["gunicorn", "app.wsgi"]
# expect: DF4003@4
