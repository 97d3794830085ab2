   FROM    a   AS   b   
	 RUN	 echo	 a


   #   spaced comment   
USER	1000
