# Sources of the image reader (src/image); included by the top CMakeLists.txt.
target_sources(moatcore PRIVATE
)
