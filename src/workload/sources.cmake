# Workload runtime model and its front ends (Compose, docker run): every .c file of src/workload.
file(GLOB MOAT_WORKLOAD_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.c)
target_sources(moatcore PRIVATE ${MOAT_WORKLOAD_SOURCES})
