# Vulnerability database and matching: every .c file of src/vuln.
file(GLOB MOAT_VULN_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.c)
target_sources(moatcore PRIVATE ${MOAT_VULN_SOURCES})
