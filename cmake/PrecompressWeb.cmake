# Copies the web folder into the build and writes .br and .gz twins of every
# compressible file, so the relay can serve them without compressing per
# request. Run as: cmake -DSOURCE=web -DDEST=build/web [-DMINIFIER=closure]
# [-DCSS_MINIFIER=cleancss] -P PrecompressWeb.cmake
# The widget's loader (widget.js), downloaded on every page of a site, is
# minified by Closure Compiler when MINIFIER names it (tools/dev installs it):
# SIMPLE mode, which renames only local names. Its stylesheet (widget.css),
# part of the widget's first download, loses its comments and spaces to
# clean-css when CSS_MINIFIER names it (level 1: no rule is merged or moved).
file(GLOB_RECURSE files RELATIVE "${SOURCE}" "${SOURCE}/*")
find_program(BROTLI brotli)
find_program(GZIP gzip REQUIRED)
foreach(relative IN LISTS files)
  if(relative STREQUAL "CMakeLists.txt")
    continue()
  endif()
  set(from "${SOURCE}/${relative}")
  set(to "${DEST}/${relative}")
  get_filename_component(dir "${to}" DIRECTORY)
  file(MAKE_DIRECTORY "${dir}")
  if(relative STREQUAL "widget.js" AND MINIFIER AND EXISTS "${MINIFIER}")
    if(NOT EXISTS "${to}" OR "${from}" IS_NEWER_THAN "${to}")
      execute_process(COMMAND "${MINIFIER}" --compilation_level SIMPLE --language_in ECMASCRIPT_2021
                              --language_out ECMASCRIPT_2020 --js "${from}" --js_output_file "${to}"
                      COMMAND_ERROR_IS_FATAL ANY)
    endif()
  elseif(relative STREQUAL "widget.css" AND CSS_MINIFIER AND EXISTS "${CSS_MINIFIER}")
    if(NOT EXISTS "${to}" OR "${from}" IS_NEWER_THAN "${to}")
      execute_process(COMMAND "${CSS_MINIFIER}" -O1 -o "${to}" "${from}" COMMAND_ERROR_IS_FATAL ANY)
    endif()
  else()
    file(COPY_FILE "${from}" "${to}" ONLY_IF_DIFFERENT)
  endif()
  get_filename_component(ext "${relative}" LAST_EXT)
  if(ext MATCHES "^\\.(html|js|mjs|css|svg|json|wasm|txt|md|webmanifest)$")
    if(BROTLI AND (NOT EXISTS "${to}.br" OR "${from}" IS_NEWER_THAN "${to}.br"))
      execute_process(COMMAND "${BROTLI}" --force --best --output=${to}.br "${to}" COMMAND_ERROR_IS_FATAL ANY)
    endif()
    if(NOT EXISTS "${to}.gz" OR "${from}" IS_NEWER_THAN "${to}.gz")
      execute_process(COMMAND "${GZIP}" -9 -n -k -f "${to}" COMMAND_ERROR_IS_FATAL ANY)
    endif()
  endif()
endforeach()
