// Runs CUDA C kernels on the CPU, for checking their indexing where no GPU is present: every block runs in turn,
// its threads as OS threads; __shared__ variables become statics (one block at a time shares them), and
// __syncthreads and warp shuffles meet at a barrier of the whole block (every kernel here calls them uniformly).
#pragma once
#include <barrier>
#include <cmath>
#include <cstddef>
#include <functional>
#include <thread>
#include <vector>

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
inline thread_local dim3 threadIdx;
inline thread_local dim3 blockIdx;
inline dim3 blockDim;
inline dim3 gridDim;
inline std::barrier<>* emu_barrier = nullptr;
inline float emu_exchange[1024];

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(x)
#define __shared__ static

inline void __syncthreads() { emu_barrier->arrive_and_wait(); }
inline int min(int a, int b) { return a < b ? a : b; }

inline float __shfl_down_sync(unsigned, float v, int offset) {
    const unsigned tid = threadIdx.x;
    emu_exchange[tid] = v;
    __syncthreads();
    const unsigned lane = tid % 32;
    const float r = lane + offset < 32 ? emu_exchange[tid + offset] : v;
    __syncthreads();
    return r;
}

// launch(grid, block, kernel, args...): 1-D blocks, 3-D grids.
template <typename F, typename... Args>
void launch(dim3 grid, unsigned block, F kernel, Args... args) {
    gridDim = grid;
    blockDim = dim3{block, 1, 1};
    for (unsigned bz = 0; bz < grid.z; bz++) {
    for (unsigned by = 0; by < grid.y; by++) {
        for (unsigned bx = 0; bx < grid.x; bx++) {
            std::barrier<> bar(block);
            emu_barrier = &bar;
            std::vector<std::thread> threads;
            for (unsigned t = 0; t < block; t++) {
                threads.emplace_back([=] {
                    threadIdx = dim3{t, 0, 0};
                    blockIdx = dim3{bx, by, bz};
                    kernel(args...);
                });
            }
            for (auto& th : threads) {
                th.join();
            }
        }
    }
    }
}
