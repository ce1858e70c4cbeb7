# cmake -DCMD="prog;args..." -DOUT=dir -P ExpectSameMetrics.cmake
# Runs CMD twice with the same arguments (which include --seed) and checks that the two
# metrics files are identical once lines about wall-clock time ("seconds") are dropped.
foreach(run a b)
  execute_process(COMMAND ${CMD} --out ${OUT}/${run} --metrics ${OUT}/${run}.json
                  RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 600)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "run ${run} exited with ${rc}\n${out}\n${err}")
  endif()
  file(STRINGS ${OUT}/${run}.json lines_${run})
  list(FILTER lines_${run} EXCLUDE REGEX "seconds")
endforeach()
if(NOT lines_a STREQUAL lines_b)
  message(FATAL_ERROR "the same seed gave different metrics:\n${lines_a}\n---\n${lines_b}")
endif()
list(LENGTH lines_a n)
message(STATUS "two runs with the same seed gave the same ${n} metric lines")
