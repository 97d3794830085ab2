FROM a
RUN --mount=type=cache,target=/root/.cache/pip --mount=type=secret,id=tok --network=none pip install -r req.txt
RUN --security=insecure --device=x true
