#!/usr/bin/env bash
# Recompiles src/main/cuda/rnn_kernels.cu to the committed PTX and stamps the source's SHA-256 beside it, so that
# PtxFreshnessTest (run everywhere) sees PTX and source agree. Needs nvcc (CUDA 12 or 13). Commit all three files.
set -euo pipefail
cd "$(dirname "$0")"
arch=compute_80   # keep in step with <nvcc.arch> in pom.xml
res=src/main/resources/org/rnnlab/gpu
nvcc -ptx -arch=$arch -o $res/rnn_kernels.ptx src/main/cuda/rnn_kernels.cu
tr -d '\r' < src/main/cuda/rnn_kernels.cu | sha256sum | cut -d' ' -f1 > $res/rnn_kernels.cu.sha256
echo "wrote $res/rnn_kernels.ptx ($(wc -l < $res/rnn_kernels.ptx) lines) and the source stamp $(cat $res/rnn_kernels.cu.sha256)"
