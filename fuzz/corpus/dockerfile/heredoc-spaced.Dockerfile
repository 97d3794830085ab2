FROM a
RUN cat << EOF > /etc/conf
key=value
EOF
USER x
