FROM a
RUN <<-EOT bash
	if true; then
		echo yes
	fi
	EOT
