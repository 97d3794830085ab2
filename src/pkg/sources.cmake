# Sources of the package inventory (src/pkg); included by the top CMakeLists.txt.
target_sources(moatcore PRIVATE
  ${CMAKE_CURRENT_LIST_DIR}/pkg_util.c
  ${CMAKE_CURRENT_LIST_DIR}/os_release.c
  ${CMAKE_CURRENT_LIST_DIR}/dpkg.c
  ${CMAKE_CURRENT_LIST_DIR}/apk.c
  ${CMAKE_CURRENT_LIST_DIR}/purl.c
)
