# nn_chapter(NUMBER NAME [DEPENDS numbers...])
#
# For chapter folder chapters/<NUMBER>_<NAME> this makes:
#   ch<NUMBER>_solution  objects of solutions/<NUMBER>_<NAME>/*.cpp (reference bodies)
#   ch<NUMBER>_student   objects of ${NN_STUDENT_DIR}/<NUMBER>_<NAME>/*.cpp except main.cpp
#   ch<NUMBER>_<NAME>    the program (main.cpp), in bin/, linked against the flavour chosen by
#                        NN_USE_SOLUTIONS / NN_SOLUTION_CHAPTERS for this chapter and each dependency
# and records what tests/CMakeLists.txt needs to build ch<NUMBER>_test_solution and
# ch<NUMBER>_test_student. The header(s) of a chapter exist once, in chapters/.
set(NN_CHAPTERS "" CACHE INTERNAL "")

function(nn_flavour_of number out)
  if(NN_USE_SOLUTIONS OR number IN_LIST NN_SOLUTION_CHAPTERS)
    set(${out} solution PARENT_SCOPE)
  else()
    set(${out} student PARENT_SCOPE)
  endif()
endfunction()

function(nn_chapter number name)
  cmake_parse_arguments(ARG "" "" "DEPENDS" ${ARGN})
  set(dir "${PROJECT_SOURCE_DIR}/chapters/${number}_${name}")
  if(NOT EXISTS "${dir}")
    return()
  endif()
  set(ch "ch${number}")
  # Include folders: this chapter and its dependencies (headers come from chapters/ only).
  set(incs "${dir}")
  foreach(d IN LISTS ARG_DEPENDS)
    get_property(ddir GLOBAL PROPERTY NN_DIR_${d})
    list(APPEND incs "${ddir}")
  endforeach()

  file(GLOB sol_srcs CONFIGURE_DEPENDS "${PROJECT_SOURCE_DIR}/solutions/${number}_${name}/*.cpp")
  file(GLOB stu_srcs CONFIGURE_DEPENDS "${NN_STUDENT_DIR}/${number}_${name}/*.cpp")
  list(FILTER stu_srcs EXCLUDE REGEX "/main\\.cpp$")
  if(NOT sol_srcs OR NOT stu_srcs)
    message(WARNING "chapter ${number}_${name} skipped: no .cpp sources in solutions/${number}_${name} or "
                    "${NN_STUDENT_DIR}/${number}_${name}")
    return()
  endif()
  foreach(flavour solution student)
    if(flavour STREQUAL solution)
      set(srcs ${sol_srcs})
    else()
      set(srcs ${stu_srcs})
    endif()
    add_library(${ch}_${flavour} OBJECT ${srcs})
    target_include_directories(${ch}_${flavour} PUBLIC ${incs})
    target_link_libraries(${ch}_${flavour} PUBLIC nn_common PRIVATE nn_warnings)
  endforeach()

  set_property(GLOBAL PROPERTY NN_DIR_${number} "${dir}")
  set_property(GLOBAL PROPERTY NN_DEPS_${number} "${ARG_DEPENDS}")
  set_property(GLOBAL PROPERTY NN_NAME_${number} "${name}")
  set(NN_CHAPTERS ${NN_CHAPTERS} ${number} CACHE INTERNAL "")

  # The program.
  if(EXISTS "${dir}/main.cpp")
    set(prog ch${number}_${name})
    add_executable(${prog} "${dir}/main.cpp")
    nn_flavour_of(${number} fl)
    set(objs ${ch}_${fl})
    foreach(d IN LISTS ARG_DEPENDS)
      nn_flavour_of(${d} dfl)
      list(APPEND objs ch${d}_${dfl})
    endforeach()
    target_link_libraries(${prog} PRIVATE ${objs} nn_common nn_warnings)
    message(STATUS "chapter ${number}_${name}: program ${prog} uses ${objs}")
  endif()
endfunction()
