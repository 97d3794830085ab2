FROM a
CMD ["nginx", "-g", "daemon off;"]
ENTRYPOINT ["/bin/tini", "--"]
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN ["sh", "-c", "apt-get update && apt-get install -y x"]
