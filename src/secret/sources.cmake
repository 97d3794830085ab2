# The secret scanner: every .c file of src/secret.
file(GLOB MOAT_SECRET_SOURCES CONFIGURE_DEPENDS ${CMAKE_CURRENT_LIST_DIR}/*.c)
target_sources(moatcore PRIVATE ${MOAT_SECRET_SOURCES})
