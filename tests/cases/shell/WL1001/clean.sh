#!/bin/sh
# Nothing privileged runs here.
# expect: none
# docker run --privileged alpine   (a comment)
docker run --rm alpine true
docker run --privileged=false alpine true
docker run --rm alpine docker run --privileged nested-in-the-container-command
docker run --rm alpine sh -c 'docker run --privileged x'
echo "docker run --privileged alpine"
cat <<EOT
docker run --privileged inside-a-heredoc
EOT
cat <<-'EOT'
	docker run --privileged inside-another-heredoc
	EOT
docker run --privileged=$PRIV alpine
docker ps --filter "label=privileged"
docker exec --privileged web sh
docker compose run --privileged web
printf '%s\n' 'docker run --privileged x'
