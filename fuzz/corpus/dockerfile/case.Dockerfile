from alpine as base
run echo
WorkDir /x
copy --FROM=base a b
