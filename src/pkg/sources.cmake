# Sources of the package inventory (src/pkg); included by the top CMakeLists.txt.
target_sources(moatcore PRIVATE
)
