// Wavefront primitives of HIP: mask-free shuffles (default width = warpSize), 64-bit ballots, votes.
// Kernels marked [wave-size independent] give the same results with 64-lane wavefronts (AMD CDNA)
// and 32-lane warps (NVIDIA, through tests/gpu/hip_to_cuda.h); the others describe wave64 results.
#ifdef __NVCC__
#include "../../gpu/hip_to_cuda.h"
#else
#include <hip/hip_runtime.h>
#endif

// [wave-size independent] sum of each block: reduce inside each wavefront with __shfl_down starting
// at warpSize/2, one partial per wavefront in shared memory, then the first wavefront reduces those.
__global__ void block_reduce_sum(const float* x, float* block_sums, int n) {
  __shared__ float partial[1024 / 32];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? x[i] : 0.0f;
  for (int offset = warpSize / 2; offset > 0; offset >>= 1) v += __shfl_down(v, offset);
  int lane = threadIdx.x % warpSize, wave = threadIdx.x / warpSize;
  if (lane == 0) partial[wave] = v;
  __syncthreads();
  int waves = (blockDim.x + warpSize - 1) / warpSize;
  if (wave == 0) {
    v = lane < waves ? partial[lane] : 0.0f;
    for (int offset = warpSize / 2; offset > 0; offset >>= 1) v += __shfl_down(v, offset);
    if (lane == 0) block_sums[blockIdx.x] = v;
  }
}

// [wave64] one sum per wavefront (64 consecutive elements), written by lane 0
__global__ void wave_reduce_sum(const float* x, float* wave_sums) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = x[i];
  for (int offset = warpSize / 2; offset > 0; offset >>= 1) v += __shfl_down(v, offset);
  if (threadIdx.x % warpSize == 0) wave_sums[i / warpSize] = v;
}

// [wave64] the porting hazard of gpu_cpu.md B.2: a reduction written for 32-lane warps (starting at
// offset 16) leaves lanes 0 and 32 of a wavefront with the sums of two different 32-element halves
__global__ void reduce_from_16(const float* x, float* half_sums) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = x[i];
  for (int offset = 16; offset > 0; offset >>= 1) v += __shfl_down(v, offset);
  if (threadIdx.x % 32 == 0) half_sums[i / 32] = v;
}

// [wave64] butterfly all-reduce maximum with __shfl_xor over the whole wavefront
__global__ void wave_allreduce_max(const float* x, float* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = x[i];
  for (int mask = warpSize / 2; mask > 0; mask >>= 1) v = fmaxf(v, __shfl_xor(v, mask));
  out[i] = v;
}

// [wave64] inclusive prefix sum of each wavefront with __shfl_up
__global__ void wave_inclusive_scan(const int* x, int* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x % warpSize;
  int v = x[i];
  for (int d = 1; d < warpSize; d <<= 1) {
    int up = __shfl_up(v, d);
    if (lane >= d) v += up;
  }
  out[i] = v;
}

// [wave64] 64-bit ballots: each wavefront's mask of positive inputs, its population count, and
// __any/__all; launched with a block size that leaves the last wavefront partial
__global__ void ballot_votes(const float* x, unsigned long long* masks, int* counts, int* any_all, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int pred = i < n && x[i] > 0.0f;
  unsigned long long b = __ballot(pred);
  int any = __any(pred), all = __all(pred);
  int waves_per_block = (blockDim.x + warpSize - 1) / warpSize;
  int wave = blockIdx.x * waves_per_block + threadIdx.x / warpSize;
  if (threadIdx.x % warpSize == 0) {
    masks[wave] = b;
    counts[wave] = __popcll(b);
    any_all[2 * wave] = any;
    any_all[2 * wave + 1] = all;
  }
}

// [wave-size independent] shuffles with an explicit width of 32: every 32-lane group is independent
__global__ void shfl_width32(const float* x, float* bcast, float* xored, float* up, float* down) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = x[i];
  bcast[i] = __shfl(v, 5, 32);
  xored[i] = __shfl_xor(v, 3, 32);
  up[i] = __shfl_up(v, 2, 32);
  down[i] = __shfl_down(v, 7, 32);
}

// [wave64] rotation by one lane inside the wavefront with __shfl (default width = warpSize)
__global__ void shfl_rotate(const double* x, double* out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x % warpSize;
  out[i] = __shfl(x[i], (lane + 1) % warpSize);
}
