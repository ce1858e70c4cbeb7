# Hostile-input checks of the chapter programs (issue 12): each input must end with exit 1
# and a message saying what is wrong, never a crash, gigabytes of memory or a silent answer.
# Label `hostile` (and the chapter's). The inputs are in tests/fuzz/programs/ and
# tests/fuzz/regression/ (made by tests/fuzz/make_corpus.py).
set(_nn_fuzz "${PROJECT_SOURCE_DIR}/tests/fuzz")
set(_nn_expect "${PROJECT_SOURCE_DIR}/common/cmake/ExpectExit.cmake")

# nn_hostile_check(<chNN> <program target> <name> <expected exit> <regex> args...)
function(nn_hostile_check ch prog name rc match)
  if(NOT TARGET ${prog} OR NOT BUILD_TESTING)
    return()
  endif()
  set(cmd "$<TARGET_FILE:${prog}>;--no-plots;--quiet;--out;${CMAKE_BINARY_DIR}/test-output/${prog}-hostile")
  foreach(a IN LISTS ARGN)
    string(APPEND cmd ";${a}")
  endforeach()
  add_test(NAME "${ch}:program: ${name}"
           COMMAND ${CMAKE_COMMAND} "-DCMD=${cmd}" -DEXPECT=${rc} "-DMATCH=${match}" -P ${_nn_expect})
  set_tests_properties("${ch}:program: ${name}" PROPERTIES LABELS "${ch};hostile" TIMEOUT 120)
endfunction()

# case 1: IDX headers are not trusted (a 4096x4096 header; a 20-byte file claiming 2^31 images)
nn_hostile_check(ch08 ch08_pooling "a 4096x4096 IDX header exits 1" 1 "expected 28x28"
                 --data ${_nn_fuzz}/programs/fashion_4096x4096 --train-size 2000 --epochs 1)
nn_hostile_check(ch04 ch04_softmax "a 20-byte IDX file claiming 2^31 images exits 1" 1 "truncated.*2147483648 images"
                 --data ${_nn_fuzz}/programs/fashion_claim_2e31 --epochs 1)
# case 2: labels out of range (1e20 was undefined behaviour, 1e9 a billion class names)
nn_hostile_check(ch04 ch04_softmax "a CSV label 1e20 exits 1" 1 "label 1e\\+20.*out of range"
                 --dataset iris --data ${_nn_fuzz}/regression/csv/case2_label_1e20.csv --epochs 1)
nn_hostile_check(ch04 ch04_softmax "a CSV label 1e9 exits 1" 1 "label 1e\\+09.*out of range"
                 --dataset iris --data ${_nn_fuzz}/regression/csv/case2_label_1e9.csv --epochs 1)
# case 3: a short word list, and a folder given as the word list
nn_hostile_check(ch10 ch10_rnn "a short word list exits 1 before training" 1 "too short for the demonstrations"
                 --data ${_nn_fuzz}/programs/words/case3_40_words.txt)
nn_hostile_check(ch10 ch10_rnn "a folder as the word list exits 1" 1 "is a folder"
                 --data ${_nn_fuzz}/programs)
# case 5: a loss that grows by 10^6 is divergence, like NaN
nn_hostile_check(ch04 ch04_softmax "a huge --lr diverges with exit 1" 1 "training diverged; lower --lr"
                 --dataset spirals --lr 1e6)
# a negative seed would wrap around to 2^64 - 1 without a word (common/src/cli.cpp)
nn_hostile_check(ch01 ch01_perceptron "a negative --seed exits 2" 2 "--seed: must be a whole number"
                 --seed -1)

# One target for what scripts/sanitize.sh runs: the common tests, every chapter's solution
# tests and the programs (one target, so that `make -jN` builds them in parallel; CMake's
# top-level Makefile builds several --target goals one after the other).
add_custom_target(nn_solution_checks)
foreach(number IN LISTS NN_CHAPTERS)
  get_property(name GLOBAL PROPERTY NN_NAME_${number})
  if(EXISTS "${PROJECT_SOURCE_DIR}/tests/ch${number}_${name}_test.cpp")
    add_dependencies(nn_solution_checks ch${number}_test_solution)
  endif()
  if(TARGET ch${number}_${name})
    add_dependencies(nn_solution_checks ch${number}_${name})
  endif()
endforeach()
if(EXISTS "${PROJECT_SOURCE_DIR}/tests/common_test.cpp")
  add_dependencies(nn_solution_checks common_test)
endif()
