# Kubernetes manifest checks: every .c file of src/k8s.
file(GLOB MOAT_K8S_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.c)
target_sources(moatcore PRIVATE ${MOAT_K8S_SOURCES})
