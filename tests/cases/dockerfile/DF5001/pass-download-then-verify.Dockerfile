FROM debian:12-slim
SHELL ["/bin/bash", "-o", "pipefail", "-c"]
RUN curl -fsSLo /tmp/install.sh https://example.com/install.sh \
 && echo "0f3e7a2b9c1d4e5f60718293a4b5c6d7e8f90123456789abcdef0123456789ab  /tmp/install.sh" | sha256sum -c - \
 && sh /tmp/install.sh
RUN wget -q https://example.com/install.sh && sh install.sh
RUN curl -fsSL https://example.com/key.asc | gpg --dearmor -o /usr/share/keyrings/example.gpg
RUN curl -fsSL https://api.github.com/repos/acme/app/releases/latest | python3 -c 'import json,sys; print(json.load(sys.stdin)["tag_name"])'
RUN curl -fsSL https://example.com/data.json | node -e 'let s="";process.stdin.on("data",d=>s+=d)'
RUN curl -fsSL https://example.com/app.tar.gz | tar -xz -C /opt
RUN curl -fsSL https://example.com/x | bash -c 'cat > /tmp/x'
RUN curl -fsSL https://example.com/x | python3 /opt/parse.py
RUN diff <(curl -s https://a.example.com/v) <(curl -s https://b.example.com/v) || true
RUN while read -r l; do echo "$l"; done < <(curl -fsSL https://example.com/list)
RUN curl -fsSL -o - https://example.com/x > /tmp/x
# expect: none
