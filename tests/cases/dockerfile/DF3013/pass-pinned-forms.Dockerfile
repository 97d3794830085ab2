FROM python:3.12-slim
RUN pip install --no-cache-dir \
      flask==3.0.2 \
      'gunicorn>=21.2,<22' \
      'urllib3<3' \
      'idna!=3.5' \
      'certifi~=2024.2' \
      'attrs>23' \
      ./dist/app-1.0-py3-none-any.whl \
      /tmp/lib-2.0.tar.gz \
      https://example.com/pkg/tool-1.0.zip \
      "git+https://github.com/psf/black.git@24.2.0#egg=black" \
      "${EXTRA_PACKAGES}"
# expect: none
