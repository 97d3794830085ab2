FROM a
RUN echo a \   
  b \	
  c
