FROM python:3.12
RUN <<EOF
#!/usr/bin/env python3
import os
print(os.environ)
EOF
