# Sources of the image reader (src/image); included by the top CMakeLists.txt.
target_sources(moatcore PRIVATE
  src/image/img_util.c
  src/image/img_tar.c
  src/image/img_json.c
  src/image/img_layer.c
  src/image/img_dir.c
  src/image/img_open.c
)
