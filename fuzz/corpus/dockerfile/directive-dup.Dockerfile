# syntax=a
# SYNTAX=b
#escape = `

FROM x
