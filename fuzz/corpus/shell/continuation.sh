apt-get install \
  -y cur\
l && echo ok