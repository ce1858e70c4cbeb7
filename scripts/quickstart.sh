#!/usr/bin/env bash
# README command 1: install what is missing, build the reference flavour (Release) in
# build-reference/ (your own build/ stays yours), and run every chapter program with its
# default settings; plots go to output/.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-deps.sh
cmake -S . -B build-reference -DCMAKE_BUILD_TYPE=Release -DNN_USE_SOLUTIONS=ON
cmake --build build-reference -j"$(nproc)"
failed=()
for prog in build-reference/bin/ch[0-9][0-9]_*; do
  [ -x "$prog" ] || continue
  name=$(basename "$prog")
  echo
  echo "=== $name ==="
  start=$(date +%s)
  if "$prog" --out "output/$name"; then
    echo "=== $name: done in $(( $(date +%s) - start )) s; plots in output/$name/"
  else
    echo "=== $name: FAILED (exit $?)"
    failed+=("$name")
  fi
done
# Second runs whose plots the notes show too (same output folder, other file names).
extra_runs=(
  "ch04_softmax --dataset spirals --metrics output/ch04_softmax/metrics_spirals.json"
)
for run in "${extra_runs[@]}"; do
  read -r -a args <<< "$run"
  name=${args[0]}
  [ -x "build-reference/bin/$name" ] || continue
  echo
  echo "=== ${args[*]} ==="
  if ! "build-reference/bin/$name" "${args[@]:1}" --out "output/$name"; then
    echo "=== $name: FAILED (exit $?)"
    failed+=("$run")
  fi
done
echo
if [ ${#failed[@]} -gt 0 ]; then
  echo "quickstart: these programs failed: ${failed[*]}" >&2
  exit 1
fi
echo "All chapter programs ran. Plots: output/*/ (PNG, with CSV and gnuplot scripts)."
echo "Notes: cmake --build build-reference --target docs, then open build-reference/docs/html/index.html"
