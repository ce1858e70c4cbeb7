#!/usr/bin/env bash
# Regenerates the book's reference figures, docs/figures/*.png: the plots of the default
# runs of the chapter programs, built on the reference solutions. The notes
# (chapters/NN_name/README.md) show them by relative path, the docs target copies them
# into the HTML book, and tests/figures_test.py checks that every figure a chapter shows
# is there and that no committed figure is shown nowhere.
#
#   bash scripts/figures.sh            # every chapter (several CPU-minutes)
#   bash scripts/figures.sh 04 07      # only these chapters (their figures are replaced)
#
# Builds build-ref/ (the reference flavour, Release; only the chapter programs), runs
# each program once with its default settings (plus the extra runs the notes show),
# one at a time and under nice, into build-ref/figures/<program>/, then copies every PNG
# to docs/figures/. Deterministic: the default seed gives the same figures.
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-ref
launcher=()
command -v ccache >/dev/null && launcher=(-DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DNN_USE_SOLUTIONS=ON "${launcher[@]}" >/dev/null

wanted=("$@")
progs=()
for dir in chapters/[0-9][0-9]_*/; do
  name=$(basename "$dir")
  num=${name%%_*}
  if [ ${#wanted[@]} -gt 0 ] && [[ ! " ${wanted[*]} " == *" $num "* ]]; then continue; fi
  progs+=("ch$name")
done
[ ${#progs[@]} -gt 0 ] || { echo "figures.sh: no chapter matches: ${wanted[*]} (give numbers like 04 07)" >&2; exit 2; }
nice -n 5 cmake --build "$build" -j"$(nproc)" --target "${progs[@]}"

# Extra runs whose figures the notes show (program, then its arguments).
extra_runs=(
  "ch04_softmax --dataset spirals --metrics @OUT@/metrics_spirals.json"
)
mkdir -p docs/figures
for prog in "${progs[@]}"; do
  out="$build/figures/$prog"
  rm -rf "$out"
  mkdir -p "$out"
  echo "=== $prog"
  nice -n 5 "$build/bin/$prog" --out "$out" > "$out/stdout.txt"
  for run in "${extra_runs[@]}"; do
    read -r -a args <<< "$run"
    [ "${args[0]}" = "$prog" ] || continue
    echo "=== ${args[*]}"
    args=("${args[@]//@OUT@/$out}")
    nice -n 5 "$build/bin/$prog" "${args[@]:1}" --out "$out" > "$out/stdout_extra.txt"
  done
  num=${prog:2:2}
  rm -f docs/figures/ch"${num}"_*.png
  cp "$out"/*.png docs/figures/
done
python3 tests/figures_test.py
echo "figures.sh: docs/figures/ holds $(ls docs/figures/*.png | wc -l) figures," \
     "$(du -sh docs/figures | cut -f1) in all. Commit them with the notes that show them."
