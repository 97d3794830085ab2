FROM a
CMD [a, b]
CMD ["x",]
CMD [1, "a"]
ENTRYPOINT ['single']
SHELL /bin/sh -c
