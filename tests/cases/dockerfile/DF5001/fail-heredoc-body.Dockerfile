# Pending: build_run() in df_analyzer.c appends heredoc bodies after the
# RUN line that still holds the "<<EOF" marker, so sh_split() reads the whole
# body as the data of that here-document and no command of the body is seen.
FROM ubuntu:22.04
RUN <<EOF
set -e
curl -fsSL https://get.example.com/install.sh | sh
EOF
RUN <<EOF bash
wget -qO- https://get.example.com/install.sh | bash
EOF
# expect: DF5001@5-8 DF5001@9-11
