FROM a
RUN apt-get update \
  # comment

  && apt-get install -y \
     curl=7.88 \
# another
  && rm -rf /var/lib/apt/lists/*
