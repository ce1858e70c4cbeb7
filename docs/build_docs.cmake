# Builds the HTML book. Run by the `docs` target (docs/CMakeLists.txt) as
#   cmake -DNN_SOURCE_DIR=... -DNN_BINARY_DIR=... -DNN_DOCS_SRC=... -DNN_DOCS_OUT=...
#         -DDOXYGEN=... [-DDOT=...] [-DMATHJAX_DIR=...] [-DNN_DOCS_PLOT_DIRS=a;b] -P build_docs.cmake
#
# Everything that can change after CMake was configured is computed here, at build time:
#   1. the chapters: chapters/*/README.md, in order (their first line is
#      `# Chapter NN — Title {#chNN}`), and the chapter headers chapters/*/*.hpp;
#   2. the plots: output/*/*.png (where the chapter programs write them) are copied into
#      <build>/docs/images, the IMAGE_PATH of Doxygen;
#   3. the main page: docs/mainpage.md with the chapter list and the plot status filled in;
#   4. the Doxyfile from docs/Doxyfile.in; then Doxygen runs;
#   5. MathJax (Debian's libjs-mathjax) is copied into html/mathjax, so html/ works offline
#      and can be moved or zipped as a whole.
cmake_minimum_required(VERSION 3.16)

foreach(v NN_SOURCE_DIR NN_BINARY_DIR NN_DOCS_SRC NN_DOCS_OUT DOXYGEN)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "build_docs.cmake: -D${v}=... is required")
  endif()
endforeach()
if(NOT DEFINED MATHJAX_DIR OR MATHJAX_DIR STREQUAL "")
  set(MATHJAX_DIR "/usr/share/javascript/mathjax")
endif()

set(src "${NN_SOURCE_DIR}")
set(out "${NN_DOCS_OUT}")
file(MAKE_DIRECTORY "${out}")

# ------------------------------------------------------------------ 1. chapters
file(GLOB readmes LIST_DIRECTORIES false "${src}/chapters/*/README.md")
list(SORT readmes)
file(GLOB chapter_headers LIST_DIRECTORIES false "${src}/chapters/*/*.hpp")
list(SORT chapter_headers)

set(chapter_list "")
set(referenced_images "")
set(n_chapters 0)
foreach(readme IN LISTS readmes)
  get_filename_component(chdir "${readme}" DIRECTORY)
  get_filename_component(chname "${chdir}" NAME)
  file(STRINGS "${readme}" first_line LIMIT_COUNT 1 ENCODING UTF-8)
  if(first_line MATCHES "^#[ \t]+(.*[^ \t])[ \t]*\\{#([A-Za-z0-9_]+)\\}[ \t]*$")
    set(label "${CMAKE_MATCH_2}")
    string(APPEND chapter_list "- \\subpage ${label}\n")
    math(EXPR n_chapters "${n_chapters} + 1")
  else()
    message(WARNING "docs: ${readme}: the first line should be `# Chapter NN — Title {#chNN}`; "
                    "the chapter is left out of the list on the main page")
  endif()
  # Images the notes show: ![caption](name.png) and \image html name.png
  file(READ "${readme}" text)
  string(REGEX MATCHALL "!\\[[^]\n]*\\]\\([^)\n]+\\)" md_imgs "${text}")
  foreach(m IN LISTS md_imgs)
    string(REGEX REPLACE "^!\\[[^]]*\\]\\(([^) \t]+).*$" "\\1" name "${m}")
    list(APPEND referenced_images "${name}")
  endforeach()
  string(REGEX MATCHALL "[\\\\@]image(\\{[^}]*\\})?[ \t]+html[ \t]+[^ \t\n\"]+" cmd_imgs "${text}")
  foreach(m IN LISTS cmd_imgs)
    string(REGEX REPLACE "^.*html[ \t]+([^ \t\n\"]+)$" "\\1" name "${m}")
    list(APPEND referenced_images "${name}")
  endforeach()
endforeach()
list(REMOVE_DUPLICATES referenced_images)
if(n_chapters EQUAL 0)
  set(chapter_list "*No chapter has been written yet (no chapters/NN_name/README.md).*\n")
endif()

# ------------------------------------------------------------------ 2. plots
# The programs write output/chNN_name/*.png relative to the folder they run in: the
# repository root (as README shows), or the build folder.
set(plot_roots "${src}/output" "${NN_BINARY_DIR}/output" ${NN_DOCS_PLOT_DIRS})
list(REMOVE_DUPLICATES plot_roots)
set(images "${out}/images")
file(REMOVE_RECURSE "${images}")
file(MAKE_DIRECTORY "${images}")
foreach(root IN LISTS plot_roots)
  if(IS_DIRECTORY "${root}")
    file(GLOB pngs LIST_DIRECTORIES false "${root}/*.png" "${root}/*/*.png")
    list(SORT pngs)
    foreach(png IN LISTS pngs)
      # Same name in two places (repository root and build folder): the newest wins.
      # file(COPY) keeps the time stamp, so the comparison holds between roots.
      get_filename_component(png_name "${png}" NAME)
      if(NOT EXISTS "${images}/${png_name}" OR "${png}" IS_NEWER_THAN "${images}/${png_name}")
        file(COPY "${png}" DESTINATION "${images}")
      endif()
    endforeach()
  endif()
endforeach()
file(GLOB copied LIST_DIRECTORIES false "${images}/*.png")
list(LENGTH copied n_plots)
set(image_path "\"${images}\"")
if(IS_DIRECTORY "${NN_DOCS_SRC}/images")
  string(APPEND image_path " \"${NN_DOCS_SRC}/images\"")
endif()

set(missing "")
foreach(name IN LISTS referenced_images)
  if(name MATCHES "^[a-z]+:" OR name MATCHES "/")
    continue()  # a URL or a path: not a plot of ours
  endif()
  if(NOT EXISTS "${images}/${name}" AND NOT EXISTS "${NN_DOCS_SRC}/images/${name}")
    list(APPEND missing "${name}")
  endif()
endforeach()
list(LENGTH referenced_images n_ref)
list(LENGTH missing n_missing)
if(n_missing EQUAL 0)
  set(plot_status "All ${n_ref} plots shown in the notes were found (${n_plots} images copied from output/).")
else()
  string(REPLACE ";" ", " missing_str "${missing}")
  set(plot_status "**${n_missing} of the ${n_ref} plots shown in the notes are missing**, because the \
chapter programs have not been run yet: run them first (see *Build, run, test* above; each \
program writes its plots to `output/chNN_name/`), then rebuild the docs. Missing: ${missing_str}.")
  message(STATUS "docs: ${n_missing} of ${n_ref} plots are missing (run the chapter programs first, "
                 "see README): ${missing_str}")
endif()

# ------------------------------------------------------------------ 3. main page
file(READ "${NN_DOCS_SRC}/mainpage.md" mainpage)
string(REPLACE "@NN_CHAPTER_LIST@" "${chapter_list}" mainpage "${mainpage}")
string(REPLACE "@NN_PLOT_STATUS@" "${plot_status}" mainpage "${mainpage}")
set(mainpage_out "${out}/mainpage.md")
file(WRITE "${mainpage_out}" "${mainpage}")

# ------------------------------------------------------------------ 4. Doxyfile, Doxygen
set(input "\"${mainpage_out}\"")
foreach(f IN LISTS readmes chapter_headers)
  string(APPEND input " \\\n                         \"${f}\"")
endforeach()
string(APPEND input " \\\n                         \"${src}/common/include/nn\"")

set(strip_inc "")
foreach(h IN LISTS chapter_headers)
  get_filename_component(d "${h}" DIRECTORY)
  list(APPEND strip_dirs "${d}")
endforeach()
if(strip_dirs)
  list(REMOVE_DUPLICATES strip_dirs)
  foreach(d IN LISTS strip_dirs)
    string(APPEND strip_inc " \"${d}\"")
  endforeach()
endif()

set(NN_SOURCE_DIR "${src}")
set(NN_DOCS_INPUT "${input}")
set(NN_DOCS_IMAGE_PATH "${image_path}")
set(NN_DOCS_MAINPAGE "${mainpage_out}")
set(NN_DOCS_INCLUDE_STRIP "${strip_inc}")
set(NN_DOCS_MATHJAX_RELPATH "mathjax")
if(DOT AND EXISTS "${DOT}")
  set(NN_DOCS_HAVE_DOT YES)
  get_filename_component(NN_DOCS_DOT_PATH "${DOT}" DIRECTORY)
else()
  set(NN_DOCS_HAVE_DOT NO)
  set(NN_DOCS_DOT_PATH "")
  message(STATUS "docs: graphviz (dot) not found: no diagrams. Install it: sudo apt-get install graphviz")
endif()
configure_file("${NN_DOCS_SRC}/Doxyfile.in" "${out}/Doxyfile" @ONLY)

file(REMOVE_RECURSE "${out}/html")
file(REMOVE "${out}/doxygen-warnings.log")
execute_process(COMMAND "${DOXYGEN}" "${out}/Doxyfile"
                WORKING_DIRECTORY "${out}"
                RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "docs: doxygen failed (exit ${rc}); see the messages above and "
                      "${out}/doxygen-warnings.log")
endif()

# ------------------------------------------------------------------ 5. MathJax
set(mj "${out}/html/mathjax")
if(EXISTS "${MATHJAX_DIR}/MathJax.js")
  # The parts MathJax 2 loads for TeX input and SVG output (about 2.5 MB of the 50 MB).
  file(MAKE_DIRECTORY "${mj}/jax/input" "${mj}/jax/output/SVG/fonts" "${mj}/localization")
  file(COPY "${MATHJAX_DIR}/MathJax.js" "${MATHJAX_DIR}/extensions" DESTINATION "${mj}")
  file(COPY "${MATHJAX_DIR}/jax/element" DESTINATION "${mj}/jax")
  file(COPY "${MATHJAX_DIR}/jax/input/TeX" DESTINATION "${mj}/jax/input")
  file(GLOB svg_top LIST_DIRECTORIES true "${MATHJAX_DIR}/jax/output/SVG/*")
  list(FILTER svg_top EXCLUDE REGEX "/fonts$")
  file(COPY ${svg_top} DESTINATION "${mj}/jax/output/SVG")
  file(COPY "${MATHJAX_DIR}/jax/output/SVG/fonts/TeX" DESTINATION "${mj}/jax/output/SVG/fonts")
  file(COPY "${MATHJAX_DIR}/localization/en" DESTINATION "${mj}/localization")
else()
  message(WARNING "docs: MathJax not found in ${MATHJAX_DIR}: formulas will show as TeX source. "
                  "Install it: sudo apt-get install libjs-mathjax (then rebuild the docs)")
endif()

# ------------------------------------------------------------------ summary
set(n_warn 0)
if(EXISTS "${out}/doxygen-warnings.log")
  file(STRINGS "${out}/doxygen-warnings.log" warn_lines REGEX "warning:")
  list(LENGTH warn_lines n_warn)
endif()
message(STATUS "docs: ${n_chapters} chapter page(s), ${n_plots} plot(s); "
               "Doxygen warnings: ${n_warn} (${out}/doxygen-warnings.log)")
message(STATUS "docs: open file://${out}/html/index.html")
