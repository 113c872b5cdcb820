# Folders as layers. Every target includes project headers by their path from
# the top ("relay/core/log.hpp"). Instead of the whole source tree, a layer's
# library puts on the include path a directory that holds one symbolic link:
# to its own folder. Its users see it and, through what it links, the layers
# below it; nothing else. An include of a folder above (or beside) therefore
# fails to compile: "relay/api/router.hpp: No such file or directory".

# baton_include_root(TARGET FOLDER): TARGET and whoever links it may include
# the headers under FOLDER (a path from the top of the tree, like relay/core).
function(baton_include_root target folder)
  string(REPLACE "/" "_" name "${folder}")
  set(root "${CMAKE_BINARY_DIR}/include_roots/${name}")
  get_filename_component(parent "${root}/${folder}" DIRECTORY)
  file(MAKE_DIRECTORY "${parent}")
  file(CREATE_LINK "${PROJECT_SOURCE_DIR}/${folder}" "${root}/${folder}" SYMBOLIC)
  target_include_directories(${target} PUBLIC "${root}")
endfunction()
