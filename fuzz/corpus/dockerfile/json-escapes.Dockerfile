FROM a
CMD ["a\"b", "\u00e9\ud83d\ude00", "\\", "\/\n\t"]
