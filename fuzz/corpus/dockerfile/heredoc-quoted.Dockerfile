FROM a
RUN <<'EOF'
echo $HOME
EOF
RUN <<"X" python3
print('x')
X
