FROM a
ENV A=1 B="two words" C='lit $x' D=e\ f E=
ENV LEGACY value with  spaces
ENV PATH=/opt/bin:$PATH
ENV F=${A:-x}${B:+y}
