#!/usr/bin/env bash
# The sanitizer run of CI (.ci/run): the common tests, every chapter's tests against the
# reference solutions, and the programs' command-line checks at smoke sizes (hostile inputs
# included), all built with AddressSanitizer + UndefinedBehaviorSanitizer in their own build
# folder (build-asan/), with Armadillo's bounds checks on and no recovery: the first report
# fails the test. GCC's -fsanitize=undefined leaves out float-cast-overflow (a double cast
# to an integer it does not fit), so it is named explicitly.
#   bash scripts/sanitize.sh          (NN_ASAN_BUILD_DIR overrides the folder)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${NN_ASAN_BUILD_DIR:-build-asan}
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
san="-fsanitize=address,undefined,float-cast-overflow -fno-sanitize-recover=all -fno-omit-frame-pointer"
mkdir -p "$build"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_FLAGS_RELWITHDEBINFO="-O1 -g1" \
      -DCMAKE_CXX_FLAGS="$san" -DCMAKE_EXE_LINKER_FLAGS="$san" \
      -DNN_USE_SOLUTIONS=ON -DNN_CHECK_STUBS=OFF "${launcher[@]}" > "$build/configure.log" 2>&1 \
  || { cat "$build/configure.log"; exit 1; }
# Only what runs: the solution-flavour test binaries, the common tests and the programs
# (target nn_solution_checks, common/cmake/NNHostileChecks.cmake).
t0=$SECONDS
cmake --build "$build" -j"$(nproc)" --target nn_solution_checks
t1=$SECONDS
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1:detect_stack_use_after_return=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
# The solution tests, the common tests and the program checks (not the full default runs).
# Left out: "the same seed gives the same metrics" (two more runs of the smoke run's code with
# the same sizes: determinism is checked in README's test command; under the sanitizers it
# would only run the code the smoke run has already run).
status=0
ctest --test-dir "$build" -j"$(nproc)" --output-on-failure --timeout 900 -LE full \
      -R '^(common:|ch[0-9]+:(solution|program):)' -E 'the same seed gives the same metrics' || status=$?
echo "sanitize.sh: build $((t1 - t0)) s, ctest $((SECONDS - t1)) s"
exit $status
