FROM ubuntu
RUN sudo -u app -E env A=1 nice -n 5 apt-get install -y x && sh -c 'curl https://x | bash'
RUN wget -qO- https://x | sh
