// Feature kernels: indexing, grid-stride loops, static and dynamic shared memory, block reductions.
#include <cuda_runtime.h>

#define TILE 16

// grid-stride loop: the grid covers fewer elements than n
__global__ void grid_stride_saxpy(float* y, const float* x, float a, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    y[i] = a * x[i] + y[i];
}

// 2D grid and block: out = transpose(in) * 2 + col index of `in`, for a w x h (row-major, h rows) input
__global__ void transpose2d(float* out, const float* in, int w, int h) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x < w && y < h) out[(size_t)x * h + y] = 2.0f * in[(size_t)y * w + x] + (float)x;
}

// 3D grid and block: 7-point Laplacian with zero boundary, plus an index signature in `ids`
__global__ void laplace3d(float* out, int* ids, const float* in, int nx, int ny, int nz) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  int z = blockIdx.z * blockDim.z + threadIdx.z;
  if (x >= nx || y >= ny || z >= nz) return;
  size_t i = ((size_t)z * ny + y) * nx + x;
  float c = in[i];
  float s = -6.0f * c;
  s += x > 0 ? in[i - 1] : 0.0f;
  s += x < nx - 1 ? in[i + 1] : 0.0f;
  s += y > 0 ? in[i - nx] : 0.0f;
  s += y < ny - 1 ? in[i + nx] : 0.0f;
  s += z > 0 ? in[i - (size_t)nx * ny] : 0.0f;
  s += z < nz - 1 ? in[i + (size_t)nx * ny] : 0.0f;
  out[i] = s;
  int tid = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  int bid = (blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  ids[i] = bid * (blockDim.x * blockDim.y * blockDim.z) + tid;
}

// static __shared__ tiles and __syncthreads; M, N, K need not be multiples of TILE
__global__ void matmul_tiled(const float* A, const float* B, float* C, int M, int N, int K) {
  __shared__ float As[TILE][TILE];
  __shared__ float Bs[TILE][TILE + 1];
  int row = blockIdx.y * TILE + threadIdx.y, col = blockIdx.x * TILE + threadIdx.x;
  float acc = 0.0f;
  for (int k0 = 0; k0 < K; k0 += TILE) {
    int ka = k0 + threadIdx.x, kb = k0 + threadIdx.y;
    As[threadIdx.y][threadIdx.x] = (row < M && ka < K) ? A[(size_t)row * K + ka] : 0.0f;
    Bs[threadIdx.y][threadIdx.x] = (kb < K && col < N) ? B[(size_t)kb * N + col] : 0.0f;
    __syncthreads();
    for (int k = 0; k < TILE; ++k) acc += As[threadIdx.y][k] * Bs[k][threadIdx.x];
    __syncthreads();
  }
  if (row < M && col < N) C[(size_t)row * N + col] = acc;
}

// dynamic shared memory carved into a float and an int array: reverse each block's chunk and
// record, for each element, the rank of its value inside the chunk's int keys
__global__ void dyn_shared_reverse(float* out, int* rank, const float* in, const int* keys, int n) {
  extern __shared__ float smem[];
  float* vals = smem;
  int* ks = (int*)&smem[blockDim.x];
  int base = blockIdx.x * blockDim.x;
  int i = base + threadIdx.x;
  vals[threadIdx.x] = i < n ? in[i] : 0.0f;
  ks[threadIdx.x] = i < n ? keys[i] : 0x7fffffff;
  __syncthreads();
  int j = base + blockDim.x - 1 - threadIdx.x;
  if (j < n) out[j] = vals[threadIdx.x];
  if (i < n) {
    int r = 0, mine = ks[threadIdx.x];
    for (int t = 0; t < (int)blockDim.x; ++t) r += ks[t] < mine || (ks[t] == mine && t < (int)threadIdx.x);
    rank[i] = r;
  }
}

// shared-memory tree reduction: one partial sum (and max) per block
template <int BLOCK>
__global__ void block_reduce(const float* in, float* sums, float* maxes, int n) {
  __shared__ float s[BLOCK];
  __shared__ float m[BLOCK];
  float acc = 0.0f, mx = -INFINITY;
  for (int i = blockIdx.x * BLOCK + threadIdx.x; i < n; i += BLOCK * gridDim.x) {
    acc += in[i];
    mx = fmaxf(mx, in[i]);
  }
  s[threadIdx.x] = acc;
  m[threadIdx.x] = mx;
  __syncthreads();
  for (int stride = BLOCK / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) {
      s[threadIdx.x] += s[threadIdx.x + stride];
      m[threadIdx.x] = fmaxf(m[threadIdx.x], m[threadIdx.x + stride]);
    }
    __syncthreads();
  }
  if (threadIdx.x == 0) {
    sums[blockIdx.x] = s[0];
    maxes[blockIdx.x] = m[0];
  }
}

// barriers that also reduce a predicate over the block
__global__ void barrier_votes(const int* pred, int* count, int* all, int* any) {
  int p = pred[blockIdx.x * blockDim.x + threadIdx.x];
  int c = __syncthreads_count(p);
  int a = __syncthreads_and(p);
  int o = __syncthreads_or(p);
  if (threadIdx.x == 0) {
    count[blockIdx.x] = c;
    all[blockIdx.x] = a != 0;
    any[blockIdx.x] = o != 0;
  }
}
