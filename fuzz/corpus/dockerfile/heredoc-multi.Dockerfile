FROM a
COPY <<A <<B /dst/
file a
A
file b
B
