FROM a AS b
RUN x \
  y
RUN <<EOF
body
EOF
