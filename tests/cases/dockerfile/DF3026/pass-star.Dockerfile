FROM quay.io/prometheus/node-exporter:v1.8.1
FROM nginx:1.27
# case-settings: trusted-registries=*
# expect: none
