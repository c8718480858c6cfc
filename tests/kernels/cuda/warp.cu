// Feature kernels: warp shuffles, votes, __activemask and __syncwarp.
#include <cuda_runtime.h>

#define FULL 0xffffffffu

// warp sums two ways: __shfl_down_sync (result in lane 0) and __shfl_xor_sync (result in every lane)
__global__ void warp_reduce(const float* in, float* down_sum, float* xor_sum, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? in[i] : 0.0f;
  float d = v, x = v;
  for (int off = 16; off > 0; off >>= 1) d += __shfl_down_sync(FULL, d, off);
  for (int mask = 1; mask < 32; mask <<= 1) x += __shfl_xor_sync(FULL, x, mask);
  int warp = i / 32, lane = threadIdx.x % 32;
  if (lane == 0) down_sum[warp] = d;
  xor_sum[i] = x;
}

// __shfl_sync broadcast from a data-dependent lane, and an inclusive scan with __shfl_up_sync
__global__ void warp_scan(const int* in, const int* src_lane, int* bcast, int* scan, double* dscan) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int lane = threadIdx.x & 31, warp = i / 32;
  int v = in[i];
  bcast[i] = __shfl_sync(FULL, v * 3, src_lane[warp]);
  int s = v;
  double ds = (double)v * 0.5;
  for (int d = 1; d < 32; d <<= 1) {
    int t = __shfl_up_sync(FULL, s, d);
    double dt = __shfl_up_sync(FULL, ds, d);
    if (lane >= d) { s += t; ds += dt; }
  }
  scan[i] = s;
  dscan[i] = ds;
}

// shuffles with width < 32: each width-group behaves like a small warp
__global__ void shfl_width(const int* in, int* idx8, int* up4, int* down16, int* xor8, int* sum8) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int v = in[i];
  idx8[i] = __shfl_sync(FULL, v, 5, 8);          // lane 5 of my group of 8
  up4[i] = __shfl_up_sync(FULL, v, 1, 4);        // group start keeps its own value
  down16[i] = __shfl_down_sync(FULL, v, 3, 16);  // last 3 lanes of each 16 keep their own value
  xor8[i] = __shfl_xor_sync(FULL, v, 6, 8);
  int s = v;
  for (int off = 4; off > 0; off >>= 1) s += __shfl_xor_sync(FULL, s, off, 8);
  sum8[i] = s;
}

// votes in a block whose size is not a multiple of 32 (the last warp is partial)
__global__ void votes(const int* pred, unsigned* ballot, int* any, int* all, unsigned* active, unsigned* branch_active,
                      int* lane_rank) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int p = pred[i];
  unsigned am = __activemask();
  ballot[i] = __ballot_sync(am, p);
  any[i] = __any_sync(am, p);
  all[i] = __all_sync(am, p);
  active[i] = am;
  int lane = threadIdx.x & 31;
  if (lane < 10) branch_active[i] = __activemask();
  else branch_active[i] = __activemask() | 1u;    // the other side of the branch, marked with bit 0
  unsigned b = __ballot_sync(am, p);
  lane_rank[i] = p ? __popc(b & ((1u << lane) - 1u)) : -1;   // stream compaction index
}

// __syncwarp orders shared-memory writes and reads between the lanes of a warp
__global__ void syncwarp_rotate(const float* in, float* out, int shift) {
  __shared__ float s[256];
  int t = threadIdx.x, lane = t & 31, base = t & ~31;
  s[t] = in[blockIdx.x * blockDim.x + t];
  __syncwarp();
  float v = s[base + ((lane + shift) & 31)];
  __syncwarp();
  s[t] = v * 2.0f;
  __syncwarp();
  out[blockIdx.x * blockDim.x + t] = s[base + ((lane + 1) & 31)] + v;
}

// match and reduce (cc >= 8.0)
__global__ void match_reduce(const int* key, unsigned* any_mask, int* all_pred, unsigned* rsum, unsigned* rmax,
                             unsigned* rxor) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  int k = key[i];
  any_mask[i] = __match_any_sync(FULL, k);
  int pred = 0;
  __match_all_sync(FULL, k / 1000, &pred);
  all_pred[i] = pred;
  rsum[i] = __reduce_add_sync(FULL, (unsigned)k);
  rmax[i] = __reduce_max_sync(FULL, (unsigned)k);
  rxor[i] = __reduce_xor_sync(FULL, (unsigned)k);
}
