target_sources(moatcore PRIVATE ${CMAKE_CURRENT_LIST_DIR}/version.c)
