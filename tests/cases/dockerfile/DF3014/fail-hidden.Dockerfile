FROM ubuntu:22.04
RUN bash -c "sudo apt-get install --no-install-recommends curl=7.81.0-1ubuntu1.15"
RUN ["apt-get", "install", "--no-install-recommends", "wget=1.21.2-2ubuntu1"]
# The yes of another pipeline does not count.
RUN yes > /dev/null; apt-get install --no-install-recommends jq=1.6-2.1ubuntu3
# expect: DF3014@2 DF3014@3 DF3014@5
