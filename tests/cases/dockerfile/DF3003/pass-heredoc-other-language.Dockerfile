# syntax=docker/dockerfile:1
FROM python:3.12-slim
# A heredoc read by another interpreter is not a shell script.
RUN <<EOF python3
import os
os.chdir("/tmp")
print("cd /tmp")
EOF
RUN <<EOF
#!/usr/bin/env python3
print("cd /srv")
EOF
# expect: none
