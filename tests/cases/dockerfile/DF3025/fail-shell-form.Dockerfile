FROM python:3.12-slim
ENTRYPOINT python -m app
CMD gunicorn --bind 0.0.0.0:8000 \
    app.wsgi:application
# expect: DF3025@2 DF3025@3-4
