FROM python:3.12-slim
ENTRYPOINT ["python", "-m", "app"]
CMD ["--workers", "4"]
CMD []
ONBUILD CMD ["python", "-m", "app"]
RUN echo shell form is fine for RUN
# expect: none
