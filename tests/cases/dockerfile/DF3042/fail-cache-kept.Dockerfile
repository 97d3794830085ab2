FROM python:3.12-slim
WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt
RUN python3 -m pip install --upgrade pip==24.0
RUN sudo pip3 install gunicorn==21.2.0
# expect: DF3042@4 DF3042@5 DF3042@6
