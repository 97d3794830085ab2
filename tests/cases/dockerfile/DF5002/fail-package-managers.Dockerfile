FROM python:3.12-slim
RUN pip install --trusted-host pypi.internal.example.com -r requirements.txt
RUN python3 -m pip config set global.trusted-host pypi.internal.example.com
RUN npm config set strict-ssl false
RUN npm config set strict-ssl=false
RUN yarn config set strict-ssl false
RUN apt-get install -y --allow-unauthenticated acme-tools
RUN apt-get -o Acquire::https::Verify-Peer=false update
RUN yum install -y --nogpgcheck acme-tools
RUN dnf --nogpgcheck install -y acme-tools
RUN apk add --allow-untrusted /tmp/acme-tools.apk
RUN echo "deb [trusted=yes] http://repo.example.com/ stable main" > /etc/apt/sources.list.d/acme.list
RUN zypper --no-gpg-checks install -y acme-tools
# expect: DF5002@2 DF5002@3 DF5002@4 DF5002@5 DF5002@6 DF5002@7 DF5002@8 DF5002@9 DF5002@10 DF5002@11 DF5002@12 DF5002@13
