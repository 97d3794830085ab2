# leading
apt-get update # trailing && rm -rf /
echo a#b;#c