# Precompiled <armadillo> (issue #12: the cold build). Parsing Armadillo is most of the time of
# compiling a small file of this project (about 3 of 5 s). With NN_PCH (default ON) it is
# parsed once per build per kind into a precompiled header that every file of that kind
# reuses. Nothing else changes: a file compiles as before, with <armadillo> included first.
# GCC refuses a precompiled header built with other flags (-Winvalid-pch, an error under
# NN_WERROR), so a mismatch cannot pass silently.
#
#   nn_pch(<target> <kind>)
#     reference  <armadillo> as the reference code sees it (ARMA_NO_DEBUG in Release): the
#                reference bodies and given code of every chapter, nn_common, common_test,
#                the programs built on the reference (main.cpp and program_*.cpp)
#     student    <armadillo> with its run-time checks on: the student's objects and programs
#
# Measured (2 cores, one file at a time): solutions/04_softmax/softmax.cpp 5.2-6.1 -> 1.8-2.0
# CPU-s, common/src/data.cpp 6.6-7.1 -> 4.3-5.0. Left out on purpose: Catch2 and CLI11 (in a
# precompiled header they save 1.5-2 s of 8-16 s a test file or program: about what making
# the header costs, and a loss in the grader's and the edition's small builds).
option(NN_PCH "Precompile <armadillo> once per build (faster cold builds)" ON)

function(nn_pch target kind)
  if(NOT NN_PCH)
    return()
  endif()
  set(pch nn_pch_${kind})
  if(NOT TARGET ${pch})
    set(src "${CMAKE_BINARY_DIR}/${pch}.cpp")
    if(NOT EXISTS "${src}")
      file(WRITE "${src}" "// holds the precompiled <armadillo> of kind '${kind}' (common/cmake/NNPch.cmake)\n")
    endif()
    add_library(${pch} OBJECT "${src}")
    target_link_libraries(${pch} PRIVATE nn_arma nn_warnings)
    if(kind STREQUAL "student")
      target_compile_options(${pch} PRIVATE -UARMA_NO_DEBUG)
    elseif(NOT kind STREQUAL "reference")
      message(FATAL_ERROR "nn_pch: unknown kind '${kind}' for ${target}")
    endif()
    target_precompile_headers(${pch} PRIVATE <armadillo>)
  endif()
  target_precompile_headers(${target} REUSE_FROM ${pch})
endfunction()
