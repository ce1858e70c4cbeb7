#!/usr/bin/env bash
# The C++ of the book follows .clang-format (Google-based, 4-space indent, 100 columns).
#   bash scripts/check_format.sh          exit 1 and list the files that differ
#   bash scripts/check_format.sh --fix    reformat them in place
# The red-team submissions (tests/redteam/) are left as their "students" wrote them.
set -euo pipefail
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || command -v clang-format || true)
if [ -z "$cf" ]; then
  echo "check_format: clang-format not found; install it: sudo apt-get install clang-format" >&2
  exit 1
fi
mapfile -t files < <(git ls-files '*.cpp' '*.hpp' '*.h' | grep -v '^tests/redteam/')
if [ "${1:-}" = "--fix" ]; then
  "$cf" -i "${files[@]}"
  exit 0
fi
bad=()
for f in "${files[@]}"; do
  if ! "$cf" --dry-run --Werror "$f" >/dev/null 2>&1; then bad+=("$f"); fi
done
if [ ${#bad[@]} -gt 0 ]; then
  echo "check_format: ${#bad[@]} file(s) do not follow .clang-format:" >&2
  printf '  %s\n' "${bad[@]}" >&2
  echo "fix them with: bash scripts/check_format.sh --fix   (or clang-format -i FILE)" >&2
  exit 1
fi
echo "check_format: ${#files[@]} files follow .clang-format"
