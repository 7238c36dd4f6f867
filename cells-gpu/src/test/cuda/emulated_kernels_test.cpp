// Checks the matrix-product and reduction kernels of rnn_kernels.cu on the CPU (cuda_emulation.h) against naive
// loops, over odd sizes, strides, transposes and beta. Run: bash cells-gpu/src/test/cuda/run-emulated.sh
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include "cuda_emulation.h"
#include "../../main/cuda/rnn_kernels.cu"

static std::mt19937 rng(42);

static std::vector<float> random_vec(size_t n) {
    std::uniform_real_distribution<float> u(-1.0f, 1.0f);
    std::vector<float> v(n);
    for (auto& x : v) x = u(rng);
    return v;
}

static int failures = 0;

static void check(const char* what, const std::vector<float>& got, const std::vector<float>& want) {
    double worst = 0;
    for (size_t i = 0; i < got.size(); i++) worst = std::fmax(worst, std::fabs(got[i] - want[i]));
    bool ok = worst < 1e-4;
    if (!ok) failures++;
    std::printf("%s %-40s max |diff| %.2e\n", ok ? "ok  " : "FAIL", what, worst);
}

// C = alpha op(A) op(B) + beta C with the same conventions as the kernels.
static void naive(bool ta, bool tb, int M, int N, int K, float alpha, const float* A, int lda, const float* B, int ldb,
                  float beta, float* C, int ldc) {
    for (int m = 0; m < M; m++)
        for (int n = 0; n < N; n++) {
            double s = 0;
            for (int k = 0; k < K; k++) {
                float a = ta ? A[(size_t) k * lda + m] : A[(size_t) m * lda + k];
                float b = tb ? B[(size_t) n * ldb + k] : B[(size_t) k * ldb + n];
                s += (double) a * b;
            }
            C[(size_t) m * ldc + n] = (float) (alpha * s + (beta == 0 ? 0 : beta * C[(size_t) m * ldc + n]));
        }
}

static void gemm_case(const char* name, bool ta, bool tb, bool small, int M, int N, int K, float beta) {
    int lda = (ta ? M : K) + 3, ldb = (tb ? K : N) + 2, ldc = N + 1;
    auto A = random_vec((size_t) (ta ? K : M) * lda);
    auto B = random_vec((size_t) (tb ? N : K) * ldb);
    auto C = random_vec((size_t) M * ldc);
    auto want = C;
    naive(ta, tb, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, want.data(), ldc);
    if (small) {
        if (tb) launch(dim3{(unsigned) (N + 7) / 8, 1, 1}, 256, sgemm_small_nt, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
        else launch(dim3{(unsigned) (N + 31) / 32, 1, 1}, 256, sgemm_small_nn, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
    } else if (std::string(name).find("big") != std::string::npos) {
        dim3 grid{(unsigned) (N + 127) / 128, (unsigned) (M + 127) / 128, 1};
        if (!ta && !tb) launch(grid, 256, sgemm_big_nn, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
        if (!ta && tb) launch(grid, 256, sgemm_big_nt, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
        if (ta && !tb) launch(grid, 256, sgemm_big_tn, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
    } else {
        dim3 grid{(unsigned) (N + 63) / 64, (unsigned) (M + 63) / 64, 1};
        if (!ta && !tb) launch(grid, 256, sgemm_nn, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
        if (!ta && tb) launch(grid, 256, sgemm_nt, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
        if (ta && !tb) launch(grid, 256, sgemm_tn, M, N, K, 0.5f, A.data(), lda, B.data(), ldb, beta, C.data(), ldc);
    }
    char what[128];
    std::snprintf(what, sizeof what, "%s M%d N%d K%d beta %.0f", name, M, N, K, beta);
    check(what, C, want);
}

// The split-K path: slices into P, then reduce_splits into C with beta.
static void split_case(const char* name, bool tb, bool small, int M, int N, int K, int splits, float beta) {
    int lda = K, ldb = tb ? K : N, ldc = N;
    auto A = random_vec((size_t) M * lda);
    auto B = random_vec((size_t) (tb ? N : K) * ldb);
    auto C = random_vec((size_t) M * ldc);
    auto want = C;
    naive(false, tb, M, N, K, 1.0f, A.data(), lda, B.data(), ldb, beta, want.data(), ldc);
    int kLen = (K + splits - 1) / splits;
    std::vector<float> P((size_t) splits * M * N, 12345.0f);
    if (small) {
        launch(dim3{(unsigned) (N + 31) / 32, (unsigned) splits, 1}, 256, sgemm_small_nn_split, M, N, K, kLen, (const float*) A.data(), lda, (const float*) B.data(), ldb, P.data());
    } else {
        dim3 grid{(unsigned) (N + 63) / 64, (unsigned) (M + 63) / 64, (unsigned) splits};
        if (tb) launch(grid, 256, sgemm_nt_split, M, N, K, kLen, (const float*) A.data(), lda, (const float*) B.data(), ldb, P.data());
        else launch(grid, 256, sgemm_nn_split, M, N, K, kLen, (const float*) A.data(), lda, (const float*) B.data(), ldb, P.data());
    }
    launch(dim3{4, 1, 1}, 128, reduce_splits, (const float*) P.data(), splits, M, N, beta, C.data(), ldc);
    char what[128];
    std::snprintf(what, sizeof what, "%s M%d N%d K%d /%d beta %.0f", name, M, N, K, splits, beta);
    check(what, C, want);
}

int main() {
    for (float beta : {0.0f, 1.0f}) {
        split_case("sgemm_nn_split", false, false, 70, 50, 300, 4, beta);
        split_case("sgemm_nt_split", true, false, 66, 130, 97, 3, beta);
        split_case("sgemm_small_nn_split", false, true, 5, 40, 301, 5, beta);
        split_case("sgemm_nn_split (empty slice)", false, false, 9, 20, 17, 7, beta);
    }
    for (float beta : {0.0f, 1.0f}) {
        gemm_case("sgemm_big_nn", false, false, false, 130, 257, 19, beta);
        gemm_case("sgemm_big_nt", false, true, false, 129, 140, 33, beta);
        gemm_case("sgemm_big_tn", true, false, false, 200, 129, 9, beta);
        gemm_case("sgemm_nn", false, false, false, 70, 130, 37, beta);
        gemm_case("sgemm_nt", false, true, false, 65, 64, 17, beta);
        gemm_case("sgemm_tn", true, false, false, 129, 40, 33, beta);
        gemm_case("sgemm_nn", false, false, false, 3, 5, 1, beta);
        gemm_case("sgemm_small_nt", false, true, true, 3, 37, 70, beta);
        gemm_case("sgemm_small_nt", false, true, true, 8, 9, 5, beta);
        gemm_case("sgemm_small_nn", false, false, true, 1, 70, 45, beta);
        gemm_case("sgemm_small_nn", false, false, true, 8, 33, 9, beta);
    }
    {
        int rows = 19, cols = 70;
        auto A = random_vec((size_t) rows * cols);
        std::vector<float> got(cols), want(cols, 0);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) want[c] += A[(size_t) r * cols + c];
        launch(dim3{(unsigned) (cols + 31) / 32, 1, 1}, 256, column_sums, A.data(), rows, cols, got.data());
        check("column_sums 19 x 70", got, want);
        auto v = random_vec(cols);
        std::vector<float> dst((size_t) rows * cols), fill_want((size_t) rows * cols);
        for (int r = 0; r < rows; r++)
            for (int c = 0; c < cols; c++) fill_want[(size_t) r * cols + c] = v[c];
        launch(dim3{3, 1, 1}, 128, fill_rows, dst.data(), (const float*) v.data(), rows, cols);
        check("fill_rows 19 x 70", dst, fill_want);
    }
    std::printf(failures == 0 ? "all emulated kernel checks passed\n" : "%d emulated kernel checks FAILED\n", failures);
    return failures == 0 ? 0 : 1;
}
