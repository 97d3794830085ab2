FROM golang AS build
FROM a
COPY --from=build --chown=app:app --chmod=0755 --link /out /bin/app
ADD --checksum=sha256:abc --keep-git-dir=true https://example.com/x.tgz /x
COPY --parents --exclude=*.md . /src/
