FROM alpine:3.20
LABEL Maintainer="ops@example.com"
LABEL com.example.Vendor="ACME" version="1.0"
LABEL .hidden="x"
LABEL -dash="x"
LABEL 1st="x"
LABEL org..example="x" org--example="y"
LABEL org.example.app_name="x"
LABEL trailing.="x"
# expect: DF3048@2 DF3048@3 DF3048@4 DF3048@5 DF3048@6 DF3048@7 DF3048@7 DF3048@8 DF3048@9
