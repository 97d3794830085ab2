FROM python:3.12-slim
# A VCS URL without @ref follows the default branch; the user part of the
# URL (git@) is not a ref.
RUN pip install --no-cache-dir git+https://github.com/psf/black.git
RUN pip install --no-cache-dir "git+ssh://git@github.com/org/private.git#egg=private"
# expect: DF3013@4 DF3013@5
