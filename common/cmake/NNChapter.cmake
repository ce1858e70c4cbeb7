# nn_chapter(NUMBER NAME [DEPENDS numbers...] [SMOKE_ARGS args...])
# (SMOKE_ARGS: flags that make the program's checks small, e.g. one epoch on a slice of the
#  data: the "smoke run" and the "same seed, same metrics" check use them. SEED_TEST_ARGS is
#  the old name, still accepted. The full default run is a test with the label `full`,
#  which CI leaves out: ctest -L full runs them.)
#
# For chapter folder chapters/<NUMBER>_<NAME> this makes:
#   ch<NUMBER>_solution  objects of the reference bodies (solutions/<NUMBER>_<NAME>/*.cpp)
#   ch<NUMBER>_student   objects of the student's files (${NN_STUDENT_DIR}/<NUMBER>_<NAME>/*.cpp)
#                        Both also get the given (non-exercise) .cpp files of chapters/.
#   ch<NUMBER>_<NAME>    the program (main.cpp), in bin/, linked against the flavour chosen by
#                        NN_USE_SOLUTIONS / NN_SOLUTION_CHAPTERS for this chapter and each dependency
# and records what tests/CMakeLists.txt needs to build ch<NUMBER>_test_solution and
# ch<NUMBER>_test_student. The header(s) of a chapter exist once, in chapters/.
set(NN_CHAPTERS "" CACHE INTERNAL "")

# nn_student_checks(target): compile `target` with Armadillo's run-time checks on
# (shapes, bounds), even in Release where nn_arma defines ARMA_NO_DEBUG for the reference code.
# The student's objects, the student test binaries and the programs built on student code
# get it. (The checked copies of Armadillo's inline templates come first at link time.)
# They also share one precompiled <armadillo> (NNPch.cmake, kind `student`): recompiling an
# edited exercise file then takes about 1.5 s instead of 4 (most of it was parsing Armadillo).
function(nn_student_checks target)
  target_compile_options(${target} PRIVATE -UARMA_NO_DEBUG)
  nn_pch(${target} student)
endfunction()

function(nn_flavour_of number out)
  if(NN_USE_SOLUTIONS OR number IN_LIST NN_SOLUTION_CHAPTERS)
    set(${out} solution PARENT_SCOPE)
  else()
    set(${out} student PARENT_SCOPE)
  endif()
endfunction()

function(nn_chapter number name)
  cmake_parse_arguments(ARG "" "" "DEPENDS;SEED_TEST_ARGS;SMOKE_ARGS" ${ARGN})
  list(APPEND ARG_SMOKE_ARGS ${ARG_SEED_TEST_ARGS})
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

  # Exercise files exist in both chapters/ and solutions/: the solution flavour compiles the
  # reference copy, the student flavour the student's copy. A .cpp that exists only in
  # chapters/ is given code (not an exercise) and is compiled into both flavours from this repo.
  # main.cpp and program_*.cpp (its companions: figures, metrics) make the program, not the library.
  file(GLOB chapter_srcs CONFIGURE_DEPENDS "${dir}/*.cpp")
  list(FILTER chapter_srcs EXCLUDE REGEX "/(main|program_[^/]*)\\.cpp$")
  file(GLOB program_srcs CONFIGURE_DEPENDS "${dir}/program_*.cpp")
  set(sol_srcs "")
  set(stu_srcs "")
  set(n_exercise_files 0)
  # Student edition (scripts/make_edition.py): no solutions/ sources, the reference comes
  # compiled as prebuilt/libch<NN>_solution.a, the exercise file names in prebuilt/ch<NN>_exercises.txt.
  set(prebuilt "${PROJECT_SOURCE_DIR}/prebuilt/lib${ch}_solution.a")
  set(prebuilt_list "${PROJECT_SOURCE_DIR}/prebuilt/${ch}_exercises.txt")
  set(use_prebuilt OFF)
  set(prebuilt_names "")
  if(NOT EXISTS "${PROJECT_SOURCE_DIR}/solutions/${number}_${name}" OR
     NOT IS_DIRECTORY "${PROJECT_SOURCE_DIR}/solutions/${number}_${name}")
    if(EXISTS "${prebuilt}" AND EXISTS "${prebuilt_list}")
      set(use_prebuilt ON)
      file(STRINGS "${prebuilt_list}" prebuilt_names)
    endif()
  else()
    file(GLOB any_ref "${PROJECT_SOURCE_DIR}/solutions/${number}_${name}/*.cpp")
    if(NOT any_ref AND EXISTS "${prebuilt}" AND EXISTS "${prebuilt_list}")
      set(use_prebuilt ON)      # released answers only (ANSWERS.md), no sources
      file(STRINGS "${prebuilt_list}" prebuilt_names)
    endif()
  endif()
  foreach(src IN LISTS chapter_srcs)
    get_filename_component(fname "${src}" NAME)
    set(ref "${PROJECT_SOURCE_DIR}/solutions/${number}_${name}/${fname}")
    if(use_prebuilt AND fname IN_LIST prebuilt_names)
      set(ref "${prebuilt}")
    endif()
    if(EXISTS "${ref}")
      math(EXPR n_exercise_files "${n_exercise_files} + 1")
      list(APPEND sol_srcs "${ref}")
      set(student_copy "${NN_STUDENT_DIR}/${number}_${name}/${fname}")
      if(NOT EXISTS "${student_copy}")
        message(WARNING "chapter ${number}_${name}: the student's ${student_copy} is missing; using the stub of this repo")
        set(student_copy "${src}")
      endif()
      list(APPEND stu_srcs "${student_copy}")
    else()
      list(APPEND sol_srcs "${src}")
      list(APPEND stu_srcs "${src}")
    endif()
  endforeach()
  if(n_exercise_files EQUAL 0)
    message(WARNING "chapter ${number}_${name} skipped: no exercise .cpp in both chapters/${number}_${name} "
                    "and solutions/${number}_${name} yet")
    return()
  endif()
  foreach(flavour solution student)
    if(flavour STREQUAL solution)
      set(srcs ${sol_srcs})
    else()
      set(srcs ${stu_srcs})
    endif()
    if(use_prebuilt AND flavour STREQUAL solution)
      # The reference in compiled form (reference bodies and given code of this chapter).
      add_library(${ch}_solution INTERFACE)
      target_include_directories(${ch}_solution INTERFACE ${incs})
      target_link_libraries(${ch}_solution INTERFACE "${prebuilt}" nn_common)
      continue()
    endif()
    add_library(${ch}_${flavour} OBJECT ${srcs})
    target_include_directories(${ch}_${flavour} PUBLIC ${incs})
    target_link_libraries(${ch}_${flavour} PUBLIC nn_common PRIVATE nn_warnings)
    if(flavour STREQUAL solution)
      nn_pch(${ch}_solution reference)
    endif()
  endforeach()
  # The student's code keeps Armadillo's checks (issue #10): a wrong shape is a
  # std::logic_error naming the operation and both shapes, never a crash or garbage.
  nn_student_checks(${ch}_student)
  # A stub names its parameters but does not use them yet: the student's objects (the stubs
  # and whatever the student writes) compile without -Wunused-parameter, the reference keeps
  # it. Linked after nn_warnings, so the flag comes after -Wextra on the command line.
  if(NOT TARGET nn_student_warnings)
    add_library(nn_student_warnings INTERFACE)
    target_compile_options(nn_student_warnings INTERFACE -Wno-unused-parameter)
  endif()
  if(TARGET ${ch}_student)
    target_link_libraries(${ch}_student PRIVATE nn_student_warnings)
  endif()

  set_property(GLOBAL PROPERTY NN_DIR_${number} "${dir}")
  set_property(GLOBAL PROPERTY NN_DEPS_${number} "${ARG_DEPENDS}")
  set_property(GLOBAL PROPERTY NN_NAME_${number} "${name}")
  set(NN_CHAPTERS ${NN_CHAPTERS} ${number} CACHE INTERNAL "")

  # The program.
  if(EXISTS "${dir}/main.cpp")
    set(prog ch${number}_${name})
    add_executable(${prog} "${dir}/main.cpp" ${program_srcs})
    nn_flavour_of(${number} fl)
    set(objs ${ch}_${fl})
    foreach(d IN LISTS ARG_DEPENDS)
      nn_flavour_of(${d} dfl)
      list(APPEND objs ch${d}_${dfl})
    endforeach()
    target_link_libraries(${prog} PRIVATE ${objs} nn_common nn_warnings)
    if(fl STREQUAL student)
      nn_student_checks(${prog})
    else()
      nn_pch(${prog} reference)  # the reference's <armadillo>: same flags as its objects
    endif()
    message(STATUS "chapter ${number}_${name}: program ${prog} uses ${objs}")
    if(BUILD_TESTING)
      nn_program_tests(${number} ${prog} ${fl} "${ARG_SMOKE_ARGS}")
    endif()
  endif()
endfunction()

# Command-line checks every chapter program must pass (label chNN, name "chNN:program: ...").
# The runs that train use the small `smoke_args`; the full default run has the extra label
# `full` (not run by CI: `ctest -LE full`; run it with `ctest -L full`).
function(nn_program_tests number prog flavour smoke_args)
  set(expect "${PROJECT_SOURCE_DIR}/common/cmake/ExpectExit.cmake")
  set(p "ch${number}:program: ")
  add_test(NAME "${p}help exits 0"
           COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${prog}>;--help" -DEXPECT=0 "-DMATCH=--seed" -P ${expect})
  add_test(NAME "${p}unknown flag exits 2 with usage"
           COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${prog}>;--no-such-flag" -DEXPECT=2 "-DMATCH=Usage|usage|USAGE" -P ${expect})
  add_test(NAME "${p}bad number exits 2"
           COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${prog}>;--epochs;-3" -DEXPECT=2 -P ${expect})
  add_test(NAME "${p}missing data file exits 1"
           COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${prog}>;--data;/nonexistent/nn-missing.csv;--no-plots;--out;${CMAKE_BINARY_DIR}/test-output/${prog}-missing"
                   -DEXPECT=1 "-DMATCH=nonexistent" -P ${expect})
  set(tests "${p}help exits 0" "${p}unknown flag exits 2 with usage" "${p}bad number exits 2" "${p}missing data file exits 1")
  if(flavour STREQUAL solution)
    set(smoke "")
    foreach(a IN LISTS smoke_args)
      string(APPEND smoke ";${a}")
    endforeach()
    # one short run with plots (every code path of the program, small sizes)
    add_test(NAME "${p}smoke run exits 0"
             COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${prog}>;--seed;7;--quiet;--out;${CMAKE_BINARY_DIR}/test-output/${prog}-smoke${smoke}"
                     -DEXPECT=0 -P ${expect})
    list(APPEND tests "${p}smoke run exits 0")
    add_test(NAME "${p}the same seed gives the same metrics"
             COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${prog}>;--seed;7;--no-plots;--quiet${smoke}"
                     "-DOUT=${CMAKE_BINARY_DIR}/test-output/${prog}-seed" -P "${PROJECT_SOURCE_DIR}/common/cmake/ExpectSameMetrics.cmake")
    list(APPEND tests "${p}the same seed gives the same metrics")
    add_test(NAME "${p}default run exits 0"
             COMMAND ${CMAKE_COMMAND} "-DCMD=$<TARGET_FILE:${prog}>;--quiet;--out;${CMAKE_BINARY_DIR}/test-output/${prog}"
                     -DEXPECT=0 -P ${expect})
    set_tests_properties("${p}default run exits 0" PROPERTIES LABELS "ch${number};full" TIMEOUT 1800)
  endif()
  set_tests_properties(${tests} PROPERTIES LABELS "ch${number}" TIMEOUT 600)
endfunction()
