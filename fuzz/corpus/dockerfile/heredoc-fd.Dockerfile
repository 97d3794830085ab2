FROM a
RUN 3<<IN cat /dev/fd/3 && cat <<-'OUT'
in
IN
	out
	OUT
