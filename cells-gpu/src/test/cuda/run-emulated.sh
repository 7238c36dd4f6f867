#!/usr/bin/env bash
# Compiles rnn_kernels.cu for the CPU with cuda_emulation.h and checks its matrix products against naive loops.
# Needs g++ 11+ (C++20 <barrier>); no GPU. Usage: bash cells-gpu/src/test/cuda/run-emulated.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
g++ -std=c++20 -O1 -pthread -Wno-unused-result -o "$out/emulated" "$here/emulated_kernels_test.cpp"
"$out/emulated"
