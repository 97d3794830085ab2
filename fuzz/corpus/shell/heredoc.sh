cat <<EOF > /etc/x.conf
rm -rf / $(danger)
EOF
cat <<-'END' | grep x
	not a command
	END
echo done