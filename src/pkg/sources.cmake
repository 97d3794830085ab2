# Sources of the package inventory (src/pkg): every .c file here.
file(GLOB MOAT_PKG_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.c)
target_sources(moatcore PRIVATE ${MOAT_PKG_SOURCES})
