#!/usr/bin/env bash
# Fuzz the loaders with libFuzzer (clang++ -fsanitize=fuzzer,address,undefined).
#
#   bash tests/fuzz/run_fuzz.sh                 # build, replay the regression corpus, fuzz each target 30 s (CI)
#   bash tests/fuzz/run_fuzz.sh --seconds 600   # the longer run: 10 minutes per target
#   bash tests/fuzz/run_fuzz.sh --regression-only
#   bash tests/fuzz/run_fuzz.sh --targets "csv idx"
#
# Targets: csv (nn::load_csv + labels_to_indices), idx (IDX images/labels, plain or .gz
# bytes), idx_gz (the input gzipped by the harness, then loaded), words (chapter 10's
# load_words + make_streams). A finding is a crash, a sanitizer report, an exception other
# than nn::DataError, or an allocation above 256 MB (a small file must never cost
# gigabytes). Findings are written to <build>/findings/<target>/; copy each one into
# tests/fuzz/regression/<target>/ once it is fixed. The fuzzer's own corpus grows in
# <build>/corpus/<target>/ (not committed); seeds/ holds the small committed seeds.
# Needs clang++ and libclang-rt-dev (Debian: apt-get install clang libclang-rt-14-dev).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
seconds=30
regression_only=0
targets="csv idx idx_gz words"
build=${NN_FUZZ_BUILD_DIR:-$root/build-fuzz}
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) seconds=$2; shift 2 ;;
        --regression-only) regression_only=1; shift ;;
        --targets) targets=$2; shift 2 ;;
        --build) build=$2; shift 2 ;;
        -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
        *) echo "run_fuzz.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
cxx=${NN_FUZZ_CXX:-}
if [ -z "$cxx" ]; then
    for c in clang++ clang++-16 clang++-15 clang++-14; do
        if command -v "$c" >/dev/null 2>&1; then cxx=$c; break; fi
    done
fi
if [ -z "$cxx" ]; then
    echo "run_fuzz.sh: clang++ not found; install it with: apt-get install clang libclang-rt-14-dev" >&2
    exit 1
fi
launcher=()
command -v ccache >/dev/null 2>&1 && launcher=(ccache)
mkdir -p "$build/obj"
flags=(-std=c++17 -O1 -g -fno-omit-frame-pointer
       -fsanitize=fuzzer-no-link,address,undefined,float-cast-overflow -fno-sanitize-recover=all
       -I"$root/common/include" -I"$root/chapters/10_rnn" -I"$here")
libs=(-lz -larmadillo)
# The loaders' sources, compiled once with the sanitizers (objects shared by the targets).
srcs=("$root/common/src/data.cpp" "$root/common/src/error.cpp" "$root/common/src/rng.cpp"
      "$root/chapters/10_rnn/chars_given.cpp")
objs=()
for s in "${srcs[@]}"; do
    o="$build/obj/$(basename "${s%.cpp}").o"
    if [ ! -f "$o" ] || [ "$s" -nt "$o" ] || [ "$root/common/include/nn/data.hpp" -nt "$o" ]; then
        "${launcher[@]}" "$cxx" "${flags[@]}" -DNN_DATASETS_DIR="\"$root/datasets\"" -c "$s" -o "$o"
    fi
    objs+=("$o")
done
status=0
fuzz_targets=()
opts=(-rss_limit_mb=512 -malloc_limit_mb=256 -max_len=4096 -timeout=10)
for t in $targets; do
    exe="$build/fuzz_$t"
    src="$here/fuzz_$t.cpp"
    if [ ! -x "$exe" ] || [ "$src" -nt "$exe" ] || [ "$here/fuzz_common.hpp" -nt "$exe" ] \
       || [ -n "$(find "${objs[@]}" -newer "$exe" 2>/dev/null)" ]; then
        "${launcher[@]}" "$cxx" "${flags[@]}" -c "$src" -o "$build/obj/fuzz_$t.o"
        "$cxx" -fsanitize=fuzzer,address,undefined,float-cast-overflow "$build/obj/fuzz_$t.o" "${objs[@]}" \
            "${libs[@]}" -o "$exe"
    fi
    # 1. the regression corpus: every input that once failed must now pass
    reg=("$here/regression/$t"/*)
    if [ -e "${reg[0]}" ]; then
        if "$exe" "${opts[@]}" "${reg[@]}" > "$build/regression_$t.log" 2>&1; then
            echo "fuzz $t: regression corpus passed (${#reg[@]} inputs)"
        else
            echo "fuzz $t: REGRESSION CORPUS FAILED, see $build/regression_$t.log:"; tail -30 "$build/regression_$t.log"
            status=1
            continue
        fi
    fi
    [ "$regression_only" = 1 ] && continue
    fuzz_targets+=("$t")
done
# 2. a fuzzing run of $seconds seconds per target, from the seeds and the regression inputs.
# libFuzzer uses one core: the targets run side by side, as many at once as there are cores
# (NN_FUZZ_JOBS overrides), each with its own time budget.
fuzz_one() {
    local t=$1 exe="$build/fuzz_$1"
    mkdir -p "$build/corpus/$t" "$build/findings/$t"
    if "$exe" "${opts[@]}" -max_total_time="$seconds" -print_final_stats=1 \
            -artifact_prefix="$build/findings/$t/" "$build/corpus/$t" "$here/seeds/$t" "$here/regression/$t" \
            > "$build/fuzz_$t.log" 2>&1; then
        execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$build/fuzz_$t.log")
        echo "fuzz $t: ${seconds} s, ${execs:-?} executions, no finding"
    else
        echo "fuzz $t: FINDING, see $build/fuzz_$t.log and $build/findings/$t/:"; tail -40 "$build/fuzz_$t.log"
        return 1
    fi
}
jobs_max=${NN_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 1)}
pids=()
for t in "${fuzz_targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs_max" ]; do sleep 1; done
    fuzz_one "$t" > "$build/result_$t.txt" &
    pids+=("$!")
done
for i in "${!pids[@]}"; do
    wait "${pids[$i]}" || status=1
    cat "$build/result_${fuzz_targets[$i]}.txt"
done
exit $status
