# cmake -DCMD="prog;arg;..." -DEXPECT=2 [-DMATCH=regex] -P ExpectExit.cmake
# Runs CMD; passes if it exits with EXPECT and (if MATCH is given) its output matches MATCH.
execute_process(COMMAND ${CMD} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err TIMEOUT 3600)  # ctest's TIMEOUT is the limit
string(JOIN " " shown ${CMD})
if(NOT "${rc}" STREQUAL "${EXPECT}")
  message(FATAL_ERROR "`${shown}` exited with ${rc}, expected ${EXPECT}\nstdout:\n${out}\nstderr:\n${err}")
endif()
if(DEFINED MATCH AND NOT "${out}${err}" MATCHES "${MATCH}")
  message(FATAL_ERROR "`${shown}` output does not match '${MATCH}'\nstdout:\n${out}\nstderr:\n${err}")
endif()
message(STATUS "`${shown}` exited with ${rc} as expected")
