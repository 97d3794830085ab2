FROM --platform linux/amd64 a
COPY --chown user a b
COPY --link --link a b
RUN --network=maybe x
CMD --verbose
RUN -- --x
