FROM python:3.12-slim
RUN pip download --no-cache-dir flask -d /wheels
RUN pipx install black
RUN pip --version && pip list
RUN python3 -m venv /venv
# expect: none
