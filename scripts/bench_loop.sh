#!/usr/bin/env bash
# How long the student's loop takes, measured as a student would see it.
#
#   scripts/bench_loop.sh [EXERCISE] [RUNS]     default: 3.6 and 10 runs
#
# 1. first build: configure a fresh student build folder (build-bench/) and build only what
#    `scripts/check.sh` needs for the exercise's chapter (target chNN_test_student), with ccache
#    disabled (a cold compiler cache, as on a fresh machine; NN_BENCH_CCACHE=1 keeps ccache);
# 2. edit -> result: RUNS times, touch the chapter's exercise file that holds the exercise, then
#    time `scripts/check.sh EXERCISE` (rebuild + run + report) and, separately, the rebuild alone.
# Prints each figure with the machine's load average (figures on a loaded machine are upper bounds).
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
ex=${1:-3.6}
runs=${2:-10}
nn=$(printf '%02d' "${ex%%.*}")
build=${NN_BENCH_BUILD:-$here/build-bench}
# the student's file that holds the exercise (the stub whose NotImplemented names it)
file=$(grep -l "exercise $ex)" "$here"/chapters/${nn}_*/*.cpp | head -1)
[[ -n $file ]] || { echo "bench_loop.sh: no stub names exercise $ex" >&2; exit 2; }
load() { cut -d' ' -f1-3 /proc/loadavg; }
now() { date +%s.%N; }
nproc_=$(nproc)
echo "exercise $ex, file ${file#$here/}, $nproc_ cores, $(uname -m)"

if [[ ${NN_BENCH_SKIP_FIRST:-0} != 1 ]]; then
  rm -rf "$build"
  launcher=()
  if [[ ${NN_BENCH_CCACHE:-0} == 1 ]] && command -v ccache >/dev/null; then
    launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  else
    export CCACHE_DISABLE=1
  fi
  l0=$(load); t0=$(now)
  cmake -S "$here" -B "$build" -DCMAKE_BUILD_TYPE=Release "${launcher[@]}" >/dev/null || exit 1
  t1=$(now)
  cmake --build "$build" -j"$nproc_" --target ch${nn}_test_student >/dev/null || exit 1
  t2=$(now)
  printf 'first build: configure %.1f s + build ch%s_test_student %.1f s = %.1f s   (load before: %s, after: %s; ccache %s)\n' \
    "$(echo "$t1 - $t0" | bc)" "$nn" "$(echo "$t2 - $t1" | bc)" "$(echo "$t2 - $t0" | bc)" "$l0" "$(load)" \
    "$([[ ${CCACHE_DISABLE:-0} == 1 ]] && echo off || echo on)"
  unset CCACHE_DISABLE
fi

total=() rebuild=()
for ((i = 1; i <= runs; ++i)); do
  touch "$file"
  a=$(now)
  cmake --build "$build" -j"$nproc_" --target ch${nn}_test_student >/dev/null
  b=$(now)
  rebuild+=("$(echo "$b - $a" | bc)")
  touch "$file"
  a=$(now)
  NN_BUILD=$build "$here/scripts/check.sh" "$ex" >/dev/null 2>&1
  b=$(now)
  total+=("$(echo "$b - $a" | bc)")
done
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
printf 'edit -> result (touch, scripts/check.sh %s): median %.2f s over %d runs (min %.2f, max %.2f); rebuild alone: median %.2f s   (load: %s)\n' \
  "$ex" "$(median "${total[@]}")" "$runs" "$(printf '%s\n' "${total[@]}" | sort -g | head -1)" \
  "$(printf '%s\n' "${total[@]}" | sort -g | tail -1)" "$(median "${rebuild[@]}")" "$(load)"
