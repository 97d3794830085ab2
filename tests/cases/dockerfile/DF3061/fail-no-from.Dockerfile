RUN echo "this file has no FROM"
CMD ["sh"]
# expect: DF3061@1 DF3061@2
