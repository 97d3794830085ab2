FROM debian:12-slim
# expect: none
