// Feature kernels: WMMA m16n16k16 (half inputs, float or half accumulators), every A/B layout,
// accumulator load/store in both memory layouts, element-wise fragment scaling, shared staging.
#include <cuda_fp16.h>
#include <mma.h>
#include <type_traits>
using namespace nvcuda;

#define WM 16
#define WN 16
#define WK 16

// D = alpha * op(A) op(B) + beta * C. Blocks of 4 warps cover a 32x32 tile of D (2x2 warp tiles).
// A is M x K stored row-major ([M][K]) or column-major ([K][M]); B is K x N stored row-major ([K][N])
// or column-major ([N][K]); C is row-major [M][N]; D is row-major or column-major.
template <int A_COL, int B_COL, int D_COL>
__global__ void wmma_gemm(const half* A, const half* B, const float* C, float* D, int M, int N, int K, float alpha,
                          float beta) {
  typedef typename std::conditional<A_COL != 0, wmma::col_major, wmma::row_major>::type LA;
  typedef typename std::conditional<B_COL != 0, wmma::col_major, wmma::row_major>::type LB;
  int warp = threadIdx.x / 32;
  int tm = blockIdx.y * 2 + warp / 2, tn = blockIdx.x * 2 + warp % 2;
  if (tm * WM >= M || tn * WN >= N) return;   // uniform per warp
  wmma::fragment<wmma::matrix_a, WM, WN, WK, half, LA> a;
  wmma::fragment<wmma::matrix_b, WM, WN, WK, half, LB> b;
  wmma::fragment<wmma::accumulator, WM, WN, WK, float> acc, c;
  wmma::fill_fragment(acc, 0.0f);
  for (int k0 = 0; k0 < K; k0 += WK) {
    const half* pa = A_COL ? A + (size_t)k0 * M + tm * WM : A + (size_t)tm * WM * K + k0;
    const half* pb = B_COL ? B + (size_t)tn * WN * K + k0 : B + (size_t)k0 * N + tn * WN;
    wmma::load_matrix_sync(a, pa, A_COL ? M : K);
    wmma::load_matrix_sync(b, pb, B_COL ? K : N);
    wmma::mma_sync(acc, a, b, acc);
  }
  wmma::load_matrix_sync(c, C + (size_t)tm * WM * N + tn * WN, N, wmma::mem_row_major);
  for (int e = 0; e < c.num_elements; ++e) c.x[e] = alpha * acc.x[e] + beta * c.x[e];
  if (D_COL)
    wmma::store_matrix_sync(D + (size_t)tn * WN * M + tm * WM, c, M, wmma::mem_col_major);
  else
    wmma::store_matrix_sync(D + (size_t)tm * WM * N + tn * WN, c, N, wmma::mem_row_major);
}

// half accumulator: D = A B (row-major A, column-major B), accumulated in half precision
__global__ void wmma_gemm_half_acc(const half* A, const half* B, half* D, int M, int N, int K) {
  int warp = threadIdx.x / 32;
  int tm = blockIdx.y * 2 + warp / 2, tn = blockIdx.x * 2 + warp % 2;
  if (tm * WM >= M || tn * WN >= N) return;
  wmma::fragment<wmma::matrix_a, WM, WN, WK, half, wmma::row_major> a;
  wmma::fragment<wmma::matrix_b, WM, WN, WK, half, wmma::col_major> b;
  wmma::fragment<wmma::accumulator, WM, WN, WK, half> acc;
  wmma::fill_fragment(acc, __float2half(0.0f));
  for (int k0 = 0; k0 < K; k0 += WK) {
    wmma::load_matrix_sync(a, A + (size_t)tm * WM * K + k0, K);
    wmma::load_matrix_sync(b, B + (size_t)tn * WN * K + k0, K);
    wmma::mma_sync(acc, a, b, acc);
  }
  wmma::store_matrix_sync(D + (size_t)tm * WM * N + tn * WN, acc, N, wmma::mem_row_major);
}

// tiles staged through padded shared memory (ldm = 24 halves = 48 bytes): block = 4 warps, 32x32 of D;
// M, N multiples of 32 and K a multiple of 16
#define LDS 24
__global__ void wmma_gemm_smem(const half* A, const half* B, float* D, int M, int N, int K) {
  __shared__ __align__(32) half sA[32 * LDS];
  __shared__ __align__(32) half sB[32 * LDS];   // B tile stored as [n][k] (column-major K x N)
  int warp = threadIdx.x / 32, wm = warp / 2, wn = warp % 2;
  int m0 = blockIdx.y * 32, n0 = blockIdx.x * 32;
  wmma::fragment<wmma::matrix_a, WM, WN, WK, half, wmma::row_major> a;
  wmma::fragment<wmma::matrix_b, WM, WN, WK, half, wmma::col_major> b;
  wmma::fragment<wmma::accumulator, WM, WN, WK, float> acc;
  wmma::fill_fragment(acc, 0.0f);
  for (int k0 = 0; k0 < K; k0 += WK) {
    for (int t = threadIdx.x; t < 32 * WK; t += blockDim.x) {
      int r = t / WK, k = t % WK;
      sA[r * LDS + k] = A[(size_t)(m0 + r) * K + k0 + k];
      sB[r * LDS + k] = B[(size_t)(k0 + k) * N + n0 + r];
    }
    __syncthreads();
    wmma::load_matrix_sync(a, sA + wm * 16 * LDS, LDS);
    wmma::load_matrix_sync(b, sB + wn * 16 * LDS, LDS);
    wmma::mma_sync(acc, a, b, acc);
    __syncthreads();
  }
  wmma::store_matrix_sync(D + (size_t)(m0 + wm * 16) * N + n0 + wn * 16, acc, N, wmma::mem_row_major);
}

// not a portable kernel: dumps each lane's fragment elements (the lane mapping is unspecified);
// used to check that the engine's mapping switch changes the mapping
__global__ void wmma_fragment_dump(const half* A, float* lanes) {
  wmma::fragment<wmma::matrix_a, WM, WN, WK, half, wmma::row_major> a;
  wmma::load_matrix_sync(a, A, 16);
  for (int e = 0; e < a.num_elements; ++e) lanes[threadIdx.x * a.num_elements + e] = __half2float(a.x[e]);
}
