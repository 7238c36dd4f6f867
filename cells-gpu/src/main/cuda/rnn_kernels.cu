// rnnlab cells-gpu kernels: matrix products and fused gate math for rnn, gru and lstm, float32.
//
// Compiled to PTX (nvcc -ptx -arch=compute_80) by cells-gpu/pom.xml where nvcc exists; the PTX is committed as
// src/main/resources/org/rnnlab/gpu/rnn_kernels.ptx and loaded with cuModuleLoadData (JCuda driver API only: no
// cuBLAS, no NVRTC). A test fails when the committed PTX is stale against this file.
//
// Layout: every matrix is row-major. Sequences are time-major [T, N, .]; the gate blocks of a projection row follow
// torch.nn: rnn [a], gru [r, z, n], lstm [i, f, g, o], each H wide.
//
// Design (Appleyard et al. 2016, "Optimizing RNNs in cuDNN 5"): the input projection of all steps is one GEMM;
// each step runs one recurrent GEMM and one fused gate kernel (which adds b_hh); backward runs the gate math back per step, one GEMM
// dh += dG·W_hh per step, and dW_ih, dW_hh, dX as one GEMM each over all steps. Accurate expf/tanhf (no fast math):
// results agree with the CPU backend to float32 rounding.

#define TILE 64
#define TILE_K 16
#define SMALL_M 8

// ------------------------------------------------------------------------------------------------ GEMM

// Loads the BK x BR slice of a row-major operand seen as rows r0.. and depth k0.. into S[k][r] (zero outside
// R x K), with 256 threads: stored [R, K] (TRANSPOSED false: k contiguous) or [K, R] (true: r contiguous). A is seen
// as rows m of op(A); B as columns n of op(B), so B stored [N, K] (TB) loads like an untransposed A.
template <bool TRANSPOSED, int BR, int BK, int PAD>
__device__ __forceinline__ void load_slice(const float* __restrict__ X, int ld, int R, int K, int r0, int k0,
                                           float (*S)[BR + PAD]) {
#pragma unroll
    for (int e = 0; e < BR * BK / 256; e++) {
        const int idx = threadIdx.x + e * 256;
        int r, k;
        if (TRANSPOSED) { r = idx % BR; k = idx / BR; } else { r = idx / BK; k = idx % BK; }
        const int gr = r0 + r;
        const int gk = k0 + k;
        S[k][r] = (gr < R && gk < K) ? (TRANSPOSED ? X[(size_t) gk * ld + gr] : X[(size_t) gr * ld + gk]) : 0.0f;
    }
}

// C[M, N] = alpha * op(A)[M, K] * op(B)[K, N] + beta * C. op(A) = A [M, K] (lda) or, transposed, A stored [K, M];
// op(B) = B [K, N] (ldb) or, transposed, B stored [N, K]. beta == 0 never reads C. 256 threads compute a 64 x 64
// tile, 4 x 4 values each (rows ty + 16 i, columns tx + 16 j), through 16-deep slices of A and B in shared memory.
template <bool TA, bool TB>
__device__ __forceinline__ void gemm_tiled(int M, int N, int K, float alpha, const float* __restrict__ A, int lda,
                                           const float* __restrict__ B, int ldb, float beta, float* __restrict__ C,
                                           int ldc) {
    // One column of padding: the untransposed loads write 16 consecutive k of one row per 16 threads, which without
    // it fall into one bank (stride 64) and serialize 16-fold (Nsight Compute: NT and NN ran at 60% of TN's speed).
    __shared__ float As[TILE_K][TILE + 1];
    __shared__ float Bs[TILE_K][TILE + 1];
    const int tid = threadIdx.x;
    const int tx = tid % 16;
    const int ty = tid / 16;
    const int m0 = blockIdx.y * TILE;
    const int n0 = blockIdx.x * TILE;
    float acc[4][4];
#pragma unroll
    for (int i = 0; i < 4; i++) {
#pragma unroll
        for (int j = 0; j < 4; j++) {
            acc[i][j] = 0.0f;
        }
    }
    for (int k0 = 0; k0 < K; k0 += TILE_K) {
        load_slice<TA, TILE, TILE_K, 1>(A, lda, M, K, m0, k0, As);
        load_slice<!TB, TILE, TILE_K, 1>(B, ldb, N, K, n0, k0, Bs);
        __syncthreads();
#pragma unroll
        for (int k = 0; k < TILE_K; k++) {
            float a[4];
            float b[4];
#pragma unroll
            for (int i = 0; i < 4; i++) {
                a[i] = As[k][ty + 16 * i];
                b[i] = Bs[k][tx + 16 * i];
            }
#pragma unroll
            for (int i = 0; i < 4; i++) {
#pragma unroll
                for (int j = 0; j < 4; j++) {
                    acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 4; i++) {
        const int gm = m0 + ty + 16 * i;
        if (gm >= M) {
            continue;
        }
#pragma unroll
        for (int j = 0; j < 4; j++) {
            const int gn = n0 + tx + 16 * j;
            if (gn < N) {
                float* c = C + (size_t) gm * ldc + gn;
                *c = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *c;
            }
        }
    }
}

extern "C" __global__ void __launch_bounds__(256) sgemm_nn(int M, int N, int K, float alpha, const float* A, int lda,
                                                           const float* B, int ldb, float beta, float* C, int ldc) {
    gemm_tiled<false, false>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

extern "C" __global__ void __launch_bounds__(256) sgemm_nt(int M, int N, int K, float alpha, const float* A, int lda,
                                                           const float* B, int ldb, float beta, float* C, int ldc) {
    gemm_tiled<false, true>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

extern "C" __global__ void __launch_bounds__(256) sgemm_tn(int M, int N, int K, float alpha, const float* A, int lda,
                                                           const float* B, int ldb, float beta, float* C, int ldc) {
    gemm_tiled<true, false>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

// Large products (the all-steps GEMMs of a batch of 64: thousands of rows and columns): 128 x 128 tiles through
// 8-deep slices, each of the 256 threads computing 8 x 8 values (rows ty*4 + {0..3} and 64 + ty*4 + {0..3}, columns
// likewise with tx), so every shared-memory value loaded feeds 8 FMAs instead of 4. Rows padded by 4: the
// untransposed loads (8 consecutive k per row) then fall into distinct banks, and rows stay 16-byte aligned.
#define BIG 128
#define BIG_K 8
template <bool TA, bool TB>
__device__ __forceinline__ void gemm_big(int M, int N, int K, float alpha, const float* __restrict__ A, int lda,
                                         const float* __restrict__ B, int ldb, float beta, float* __restrict__ C, int ldc) {
    __shared__ float As[BIG_K][BIG + 4];
    __shared__ float Bs[BIG_K][BIG + 4];
    const int tid = threadIdx.x;
    const int tx = tid % 16;
    const int ty = tid / 16;
    const int m0 = blockIdx.y * BIG;
    const int n0 = blockIdx.x * BIG;
    float acc[8][8];
#pragma unroll
    for (int i = 0; i < 8; i++) {
#pragma unroll
        for (int j = 0; j < 8; j++) {
            acc[i][j] = 0.0f;
        }
    }
    for (int k0 = 0; k0 < K; k0 += BIG_K) {
        load_slice<TA, BIG, BIG_K, 4>(A, lda, M, K, m0, k0, As);
        load_slice<!TB, BIG, BIG_K, 4>(B, ldb, N, K, n0, k0, Bs);
        __syncthreads();
#pragma unroll
        for (int k = 0; k < BIG_K; k++) {
            float a[8];
            float b[8];
#pragma unroll
            for (int i = 0; i < 4; i++) {
                a[i] = As[k][ty * 4 + i];
                a[4 + i] = As[k][64 + ty * 4 + i];
                b[i] = Bs[k][tx * 4 + i];
                b[4 + i] = Bs[k][64 + tx * 4 + i];
            }
#pragma unroll
            for (int i = 0; i < 8; i++) {
#pragma unroll
                for (int j = 0; j < 8; j++) {
                    acc[i][j] = fmaf(a[i], b[j], acc[i][j]);
                }
            }
        }
        __syncthreads();
    }
#pragma unroll
    for (int i = 0; i < 8; i++) {
        const int gm = m0 + (i < 4 ? ty * 4 + i : 64 + ty * 4 + i - 4);
        if (gm >= M) {
            continue;
        }
#pragma unroll
        for (int j = 0; j < 8; j++) {
            const int gn = n0 + (j < 4 ? tx * 4 + j : 64 + tx * 4 + j - 4);
            if (gn < N) {
                float* c = C + (size_t) gm * ldc + gn;
                *c = beta == 0.0f ? alpha * acc[i][j] : alpha * acc[i][j] + beta * *c;
            }
        }
    }
}

extern "C" __global__ void __launch_bounds__(256) sgemm_big_nn(int M, int N, int K, float alpha, const float* A, int lda,
                                                               const float* B, int ldb, float beta, float* C, int ldc) {
    gemm_big<false, false>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

extern "C" __global__ void __launch_bounds__(256) sgemm_big_nt(int M, int N, int K, float alpha, const float* A, int lda,
                                                               const float* B, int ldb, float beta, float* C, int ldc) {
    gemm_big<false, true>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

extern "C" __global__ void __launch_bounds__(256) sgemm_big_tn(int M, int N, int K, float alpha, const float* A, int lda,
                                                               const float* B, int ldb, float beta, float* C, int ldc) {
    gemm_big<true, false>(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

// Small-batch products (M <= 8 rows, the per-step products of batches 1 to 8), where a 64-row tile would idle.
//
// sgemm_small_nt: C[M, N] = alpha * A[M, K] * B[N, K]^T + beta * C. One warp per output column n reads row n of B
// once, coalesced, for all M rows of A; 8 warps per block. Grid: ceil(N / 8).
extern "C" __global__ void __launch_bounds__(256) sgemm_small_nt(int M, int N, int K, float alpha, const float* __restrict__ A,
                                                                 int lda, const float* __restrict__ B, int ldb, float beta,
                                                                 float* __restrict__ C, int ldc) {
    const int lane = threadIdx.x % 32;
    const int n = blockIdx.x * 8 + threadIdx.x / 32;
    float acc[SMALL_M];
#pragma unroll
    for (int m = 0; m < SMALL_M; m++) {
        acc[m] = 0.0f;
    }
    if (n < N) {
        const float* brow = B + (size_t) n * ldb;
        for (int k = lane; k < K; k += 32) {
            const float b = brow[k];
#pragma unroll
            for (int m = 0; m < SMALL_M; m++) {
                if (m < M) {
                    acc[m] = fmaf(A[(size_t) m * lda + k], b, acc[m]);
                }
            }
        }
    }
#pragma unroll
    for (int m = 0; m < SMALL_M; m++) {
#pragma unroll
        for (int off = 16; off > 0; off /= 2) {
            acc[m] += __shfl_down_sync(0xffffffffu, acc[m], off);
        }
    }
    if (lane == 0 && n < N) {
        for (int m = 0; m < M; m++) {
            float* c = C + (size_t) m * ldc + n;
            *c = beta == 0.0f ? alpha * acc[m] : alpha * acc[m] + beta * *c;
        }
    }
}

// sgemm_small_nn: C[M, N] = alpha * A[M, K] * B[K, N] + beta * C. A block of 32 columns x 8 slices of K: thread
// (x, y) sums k = y, y + 8, ... for column x (warps read 32 consecutive columns of a row of B: coalesced), and the 8
// partial sums meet in shared memory. Grid: ceil(N / 32).
__device__ __forceinline__ void small_nn(int M, int N, int K, float alpha, const float* __restrict__ A, int lda,
                                         const float* __restrict__ B, int ldb, float beta, float* __restrict__ C, int ldc) {
    __shared__ float part[8][SMALL_M][32];
    const int x = threadIdx.x % 32;
    const int y = threadIdx.x / 32;
    const int n = blockIdx.x * 32 + x;
    float acc[SMALL_M];
#pragma unroll
    for (int m = 0; m < SMALL_M; m++) {
        acc[m] = 0.0f;
    }
    if (n < N) {
        for (int k = y; k < K; k += 8) {
            const float b = B[(size_t) k * ldb + n];
#pragma unroll
            for (int m = 0; m < SMALL_M; m++) {
                if (m < M) {
                    acc[m] = fmaf(A[(size_t) m * lda + k], b, acc[m]);
                }
            }
        }
    }
#pragma unroll
    for (int m = 0; m < SMALL_M; m++) {
        part[y][m][x] = acc[m];
    }
    __syncthreads();
    if (y == 0 && n < N) {
        for (int m = 0; m < M; m++) {
            float s = 0.0f;
#pragma unroll
            for (int p = 0; p < 8; p++) {
                s += part[p][m][x];
            }
            float* c = C + (size_t) m * ldc + n;
            *c = beta == 0.0f ? alpha * s : alpha * s + beta * *c;
        }
    }
}

extern "C" __global__ void __launch_bounds__(256) sgemm_small_nn(int M, int N, int K, float alpha, const float* A, int lda,
                                                                 const float* B, int ldb, float beta, float* C, int ldc) {
    small_nn(M, N, K, alpha, A, lda, B, ldb, beta, C, ldc);
}

// ------------------------------------------------------------------------------------------------ split-K
// Products whose output has too few tiles to fill the GPU (the per-step products of a batch of 64: 64 x 4H or
// 64 x H) split K into gridDim.z (tiled) or gridDim.y (small) slices of kLen: slice s writes its partial product to
// P + s * M * N ([M, N], ldc = N), and reduce_splits adds the slices in a fixed order (deterministic, no atomics).

template <bool TA, bool TB>
__device__ __forceinline__ void gemm_tiled_slice(int M, int N, int K, int kLen, const float* A, int lda, const float* B,
                                                 int ldb, float* P, int slice) {
    const int k0 = slice * kLen;
    const int len = min(kLen, K - k0);
    const float* a = TA ? A + (size_t) k0 * lda : A + k0;
    const float* b = TB ? B + k0 : B + (size_t) k0 * ldb;
    gemm_tiled<TA, TB>(M, N, len > 0 ? len : 0, 1.0f, a, lda, b, ldb, 0.0f, P + (size_t) slice * M * N, N);
}

extern "C" __global__ void __launch_bounds__(256) sgemm_nn_split(int M, int N, int K, int kLen, const float* A, int lda,
                                                                 const float* B, int ldb, float* P) {
    gemm_tiled_slice<false, false>(M, N, K, kLen, A, lda, B, ldb, P, blockIdx.z);
}

extern "C" __global__ void __launch_bounds__(256) sgemm_nt_split(int M, int N, int K, int kLen, const float* A, int lda,
                                                                 const float* B, int ldb, float* P) {
    gemm_tiled_slice<false, true>(M, N, K, kLen, A, lda, B, ldb, P, blockIdx.z);
}

extern "C" __global__ void __launch_bounds__(256) sgemm_small_nn_split(int M, int N, int K, int kLen, const float* A,
                                                                       int lda, const float* B, int ldb, float* P) {
    const int k0 = blockIdx.y * kLen;
    const int len = min(kLen, K - k0);
    small_nn(M, N, len > 0 ? len : 0, 1.0f, A + k0, lda, B + (size_t) k0 * ldb, ldb, 0.0f, P + (size_t) blockIdx.y * M * N, N);
}

// C[M, N] = sum over s < splits of P[s] + beta * C (beta == 0 never reads C).
extern "C" __global__ void reduce_splits(const float* __restrict__ P, int splits, int M, int N, float beta,
                                         float* __restrict__ C, int ldc) {
    const size_t total = (size_t) M * N;
    for (size_t i = blockIdx.x * (size_t) blockDim.x + threadIdx.x; i < total; i += (size_t) gridDim.x * blockDim.x) {
        float s = 0.0f;
        for (int p = 0; p < splits; p++) {
            s += P[(size_t) p * total + i];
        }
        float* c = C + (i / N) * (size_t) ldc + i % N;
        *c = beta == 0.0f ? s : s + beta * *c;
    }
}

// ------------------------------------------------------------------------------------------------ helpers

// Every row of dst[rows, cols] := v[cols] (the bias as the starting value of a product with beta = 1).
extern "C" __global__ void fill_rows(float* dst, const float* v, int rows, int cols) {
    const size_t total = (size_t) rows * cols;
    for (size_t i = blockIdx.x * (size_t) blockDim.x + threadIdx.x; i < total; i += (size_t) gridDim.x * blockDim.x) {
        dst[i] = v[i % cols];
    }
}

// out[c] = sum over r of A[r, c] for A[rows, cols] (bias gradients). 256 threads: 32 columns x 8 row slices.
extern "C" __global__ void __launch_bounds__(256) column_sums(const float* __restrict__ A, int rows, int cols,
                                                              float* __restrict__ out) {
    __shared__ float part[8][32];
    const int x = threadIdx.x % 32;
    const int y = threadIdx.x / 32;
    const int c = blockIdx.x * 32 + x;
    float s = 0.0f;
    if (c < cols) {
        for (int r = y; r < rows; r += 8) {
            s += A[(size_t) r * cols + c];
        }
    }
    part[y][x] = s;
    __syncthreads();
    if (y == 0 && c < cols) {
        float t = 0.0f;
#pragma unroll
        for (int p = 0; p < 8; p++) {
            t += part[p][x];
        }
        out[c] = t;
    }
}

__device__ __forceinline__ float sigmoidf(float a) {
    return 1.0f / (1.0f + expf(-a));
}

// Whether sample b is real at this step; mask points at the step's N flags (1 real, 0 skipped) or is null.
__device__ __forceinline__ bool real_step(const float* mask, int b) {
    return mask == nullptr || mask[b] != 0.0f;
}

// ------------------------------------------------------------------------------------------------ rnn
// Forward step: h' = f(xp_t + hp + b_hh), f = tanh (relu == 0) or max(0, .) (relu == 1). xp_t, hp [N, H]; bhh [H]
// or null (no bias): adding it here saves a launch per step. A skipped sample carries h unchanged.
extern "C" __global__ void rnn_forward_step(int N, int H, int relu, const float* __restrict__ xp, const float* __restrict__ hp,
                                            const float* __restrict__ bhh, const float* __restrict__ hprev, float* __restrict__ hnext,
                                            const float* __restrict__ mask) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N * H) {
        return;
    }
    if (!real_step(mask, i / H)) {
        hnext[i] = hprev[i];
        return;
    }
    const float a = xp[i] + hp[i] + (bhh ? bhh[i % H] : 0.0f);
    hnext[i] = relu ? fmaxf(a, 0.0f) : tanhf(a);
}

// Backward step: dh += dOut_t; dG_t = dh * f'(h'); dh := 0 (the host then adds dG_t * W_hh). A skipped sample keeps
// dh (dOut is 0 there) and gets dG = 0.
extern "C" __global__ void rnn_backward_step(int N, int H, int relu, const float* __restrict__ hnext,
                                             const float* __restrict__ dout, float* __restrict__ dh, float* __restrict__ dg,
                                             const float* __restrict__ mask) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N * H) {
        return;
    }
    const float d = dh[i] + dout[i];
    if (!real_step(mask, i / H)) {
        dh[i] = d;
        dg[i] = 0.0f;
        return;
    }
    const float v = hnext[i];
    dg[i] = d * (relu ? (v > 0.0f ? 1.0f : 0.0f) : 1.0f - v * v);
    dh[i] = 0.0f;
}

// ------------------------------------------------------------------------------------------------ gru
// torch.nn.GRU: r = s(xr + hr), z = s(xz + hz), n = tanh(xn + r * hn), h' = (1 - z) n + z h. xp_t, hp [N, 3H];
// bhh [3H] or null (no bias); cache_t [N, 4H] keeps r, z, n, hn (= W_hn h + b_hn) for backward.
extern "C" __global__ void gru_forward_step(int N, int H, const float* __restrict__ xp, const float* __restrict__ hp,
                                            const float* __restrict__ bhh, const float* __restrict__ hprev, float* __restrict__ hnext,
                                            float* __restrict__ cache, const float* __restrict__ mask) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N * H) {
        return;
    }
    const int b = i / H;
    const int j = i % H;
    float* c = cache + (size_t) b * 4 * H;
    if (!real_step(mask, b)) {
        hnext[i] = hprev[i];
        c[j] = 0.0f;
        c[H + j] = 0.0f;
        c[2 * H + j] = 0.0f;
        c[3 * H + j] = 0.0f;
        return;
    }
    const float* x = xp + (size_t) b * 3 * H;
    const float* h = hp + (size_t) b * 3 * H;
    const float br = bhh ? bhh[j] : 0.0f;
    const float bz = bhh ? bhh[H + j] : 0.0f;
    const float bn = bhh ? bhh[2 * H + j] : 0.0f;
    const float r = sigmoidf(x[j] + h[j] + br);
    const float z = sigmoidf(x[H + j] + h[H + j] + bz);
    const float hn = h[2 * H + j] + bn;
    const float n = tanhf(x[2 * H + j] + r * hn);
    hnext[i] = (1.0f - z) * n + z * hprev[i];
    c[j] = r;
    c[H + j] = z;
    c[2 * H + j] = n;
    c[3 * H + j] = hn;
}

// Backward step: with d = dh + dOut_t, writes dXP_t = [dr, dz, dn] and dHP_t = [dr, dz, dn * r] ([N, 3H]) and
// dh := d * z (the host then adds dHP_t * W_hh).
extern "C" __global__ void gru_backward_step(int N, int H, const float* __restrict__ cache, const float* __restrict__ hprev,
                                             const float* __restrict__ dout, float* __restrict__ dh,
                                             float* __restrict__ dxp, float* __restrict__ dhp, const float* __restrict__ mask) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N * H) {
        return;
    }
    const int b = i / H;
    const int j = i % H;
    float* gx = dxp + (size_t) b * 3 * H;
    float* gh = dhp + (size_t) b * 3 * H;
    const float d = dh[i] + dout[i];
    if (!real_step(mask, b)) {
        dh[i] = d;
        gx[j] = 0.0f;
        gx[H + j] = 0.0f;
        gx[2 * H + j] = 0.0f;
        gh[j] = 0.0f;
        gh[H + j] = 0.0f;
        gh[2 * H + j] = 0.0f;
        return;
    }
    const float* c = cache + (size_t) b * 4 * H;
    const float r = c[j];
    const float z = c[H + j];
    const float n = c[2 * H + j];
    const float hn = c[3 * H + j];
    const float dan = d * (1.0f - z) * (1.0f - n * n);
    const float dar = dan * hn * r * (1.0f - r);
    const float daz = d * (hprev[i] - n) * z * (1.0f - z);
    gx[j] = dar;
    gx[H + j] = daz;
    gx[2 * H + j] = dan;
    gh[j] = dar;
    gh[H + j] = daz;
    gh[2 * H + j] = dan * r;
    dh[i] = d * z;
}

// ------------------------------------------------------------------------------------------------ lstm
// torch.nn.LSTM: i, f, o = s(.), g = tanh(.), c' = f c + i g, h' = o tanh(c'). xp_t, hp [N, 4H]; cache_t [N, 4H]
// keeps i, f, g, o; bhh [4H] or null (no bias).
extern "C" __global__ void lstm_forward_step(int N, int H, const float* __restrict__ xp, const float* __restrict__ hp,
                                             const float* __restrict__ bhh, const float* __restrict__ hprev, const float* __restrict__ cprev,
                                             float* __restrict__ hnext, float* __restrict__ cnext, float* __restrict__ cache,
                                             const float* __restrict__ mask) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N * H) {
        return;
    }
    const int b = i / H;
    const int j = i % H;
    float* a = cache + (size_t) b * 4 * H;
    if (!real_step(mask, b)) {
        hnext[i] = hprev[i];
        cnext[i] = cprev[i];
        a[j] = 0.0f;
        a[H + j] = 0.0f;
        a[2 * H + j] = 0.0f;
        a[3 * H + j] = 0.0f;
        return;
    }
    const float* x = xp + (size_t) b * 4 * H;
    const float* h = hp + (size_t) b * 4 * H;
    const float ig = sigmoidf(x[j] + h[j] + (bhh ? bhh[j] : 0.0f));
    const float fg = sigmoidf(x[H + j] + h[H + j] + (bhh ? bhh[H + j] : 0.0f));
    const float gg = tanhf(x[2 * H + j] + h[2 * H + j] + (bhh ? bhh[2 * H + j] : 0.0f));
    const float og = sigmoidf(x[3 * H + j] + h[3 * H + j] + (bhh ? bhh[3 * H + j] : 0.0f));
    const float c = fg * cprev[i] + ig * gg;
    cnext[i] = c;
    hnext[i] = og * tanhf(c);
    a[j] = ig;
    a[H + j] = fg;
    a[2 * H + j] = gg;
    a[3 * H + j] = og;
}

// Backward step: with d = dh + dOut_t and dct = dc + d o (1 - tanh(c')^2), writes dG_t = [di, df, dg, do] ([N, 4H]),
// dc := dct f and dh := 0 (the host then adds dG_t * W_hh).
extern "C" __global__ void lstm_backward_step(int N, int H, const float* __restrict__ cache, const float* __restrict__ cprev,
                                              const float* __restrict__ cnext, const float* __restrict__ dout,
                                              float* __restrict__ dh, float* __restrict__ dc, float* __restrict__ dg,
                                              const float* __restrict__ mask) {
    const int i = blockIdx.x * blockDim.x + threadIdx.x;
    if (i >= N * H) {
        return;
    }
    const int b = i / H;
    const int j = i % H;
    float* g = dg + (size_t) b * 4 * H;
    const float d = dh[i] + dout[i];
    if (!real_step(mask, b)) {
        dh[i] = d;
        g[j] = 0.0f;
        g[H + j] = 0.0f;
        g[2 * H + j] = 0.0f;
        g[3 * H + j] = 0.0f;
        return;
    }
    const float* a = cache + (size_t) b * 4 * H;
    const float ig = a[j];
    const float fg = a[H + j];
    const float gg = a[2 * H + j];
    const float og = a[3 * H + j];
    const float tc = tanhf(cnext[i]);
    const float dct = dc[i] + d * og * (1.0f - tc * tc);
    g[j] = dct * gg * ig * (1.0f - ig);
    g[H + j] = dct * cprev[i] * fg * (1.0f - fg);
    g[2 * H + j] = dct * ig * (1.0f - gg * gg);
    g[3 * H + j] = d * tc * og * (1.0f - og);
    dc[i] = dct * fg;
    dh[i] = 0.0f;
}
