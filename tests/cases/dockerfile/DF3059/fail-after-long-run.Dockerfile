FROM debian:12-slim
RUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*
RUN curl -fsSLo /tmp/x https://example.com/x
RUN chmod +x /tmp/x
# expect: DF3059@4
