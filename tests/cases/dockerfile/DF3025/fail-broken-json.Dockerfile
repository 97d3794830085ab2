FROM python:3.12-slim
CMD ['python', '-m', 'app']
ONBUILD CMD python -m app
# expect: DF3025@2 DF3025@3
