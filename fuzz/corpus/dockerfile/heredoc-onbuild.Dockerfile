FROM a
ONBUILD RUN <<EOF
echo trigger
EOF
