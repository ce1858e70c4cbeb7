#!/usr/bin/env bash
# Install the Debian packages this project needs, skipping those already present.
# Usage: bash scripts/install-deps.sh   (as root, or with sudo available)
set -euo pipefail
packages=(cmake g++ make libarmadillo-dev libopenblas-dev liblapack-dev catch2 doxygen graphviz
          libjs-mathjax gnuplot-nox zlib1g-dev libcli11-dev dataset-fashion-mnist wamerican python3
          bubblewrap)  # bubblewrap: the grader's sandbox (scripts/grade.py)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} Debian packages are present"
  exit 0
fi
echo "install-deps: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  SUDO=""
elif command -v sudo >/dev/null 2>&1; then
  SUDO="sudo"
else
  echo "install-deps: error: need root to install ${missing[*]}; run as root: apt-get install ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -q
$SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
