// Host code as the entry point: the CUDA runtime API (allocation, copies, memset, events, errors)
// and <<<>>> launches with computed grids, dim3 variables, #define'd sizes and template kernels.
#include <cstdio>
#include <cuda_runtime.h>

#define BLOCK 128
#define ROWS_PER_BLOCK 4
#define CHECK(call)                                                                    \
  do {                                                                                 \
    cudaError_t err_ = (call);                                                         \
    if (err_ != cudaSuccess) { printf("CUDA error %s\n", cudaGetErrorString(err_)); return; } \
  } while (0)

__global__ void scale_shift(float* y, const float* x, float a, float b, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + b;
}

template <int BS>
__global__ void add_rows(float* out, const float* y, int rows, int cols) {
  __shared__ float partial[BS];
  int r = blockIdx.y * ROWS_PER_BLOCK + threadIdx.y;
  float s = 0.0f;
  if (r < rows)
    for (int c = threadIdx.x; c < cols; c += BS) s += y[(size_t)r * cols + c];
  partial[threadIdx.y * (BS / ROWS_PER_BLOCK) + threadIdx.x % (BS / ROWS_PER_BLOCK)] = 0.0f;
  __syncthreads();
  atomicAdd(&partial[threadIdx.y * (BS / ROWS_PER_BLOCK)], s);
  __syncthreads();
  if (threadIdx.x == 0 && r < rows) out[r] = partial[threadIdx.y * (BS / ROWS_PER_BLOCK)];
}

// y = a*x + b (n elements); row sums of y seen as rows x cols; timing and status in info[0..1]
void host_pipeline(const float* x, float* y, float* row_sums, float* info, int rows, int cols, float a, float b) {
  int n = rows * cols;
  size_t bytes = n * sizeof(float);
  float *d_x = nullptr, *d_y = nullptr, *d_sums = nullptr;
  CHECK(cudaMalloc(&d_x, bytes));
  CHECK(cudaMalloc((void**)&d_y, bytes));
  CHECK(cudaMalloc(&d_sums, rows * sizeof(float)));
  CHECK(cudaMemcpy(d_x, x, bytes, cudaMemcpyHostToDevice));
  CHECK(cudaMemset(d_y, 0, bytes));
  CHECK(cudaMemset(d_sums, 0xff, rows * sizeof(float)));
  cudaEvent_t start, stop;
  cudaEventCreate(&start);
  cudaEventCreate(&stop);
  cudaEventRecord(start);
  int grid = (n + BLOCK - 1) / BLOCK;
  scale_shift<<<grid, BLOCK>>>(d_y, d_x, a, b, n);
  CHECK(cudaGetLastError());
  dim3 block2(32, ROWS_PER_BLOCK);
  dim3 grid2(1, (rows + ROWS_PER_BLOCK - 1) / ROWS_PER_BLOCK);
  add_rows<32><<<grid2, block2>>>(d_sums, d_y, rows, cols);
  CHECK(cudaGetLastError());
  cudaEventRecord(stop);
  CHECK(cudaEventSynchronize(stop));
  CHECK(cudaDeviceSynchronize());
  float ms = -1.0f;
  cudaEventElapsedTime(&ms, start, stop);
  CHECK(cudaMemcpy(y, d_y, bytes, cudaMemcpyDeviceToHost));
  CHECK(cudaMemcpy(row_sums, d_sums, rows * sizeof(float), cudaMemcpyDeviceToHost));
  info[0] = ms >= 0.0f ? 1.0f : 0.0f;
  info[1] = (float)cudaGetLastError();
  cudaEventDestroy(start);
  cudaEventDestroy(stop);
  CHECK(cudaFree(d_x));
  CHECK(cudaFree(d_y));
  CHECK(cudaFree(d_sums));
}

// a kernel whose launch configuration the engine reads from the host code below
#define THREADS 64
__global__ void iota_scaled(int* out, int n, int k) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = i * k + blockIdx.x;
}

void launch_iota(int* d_out, int n, int k) {
  int blocks = (n + THREADS - 1) / THREADS;
  iota_scaled<<<blocks, THREADS>>>(d_out, n, k);
}

// device-to-device copies, memcpy with an offset into a buffer, and a stream
void host_copies(const int* src, int* dst, int n) {
  int *d_a, *d_b;
  cudaStream_t stream;
  cudaStreamCreate(&stream);
  cudaMalloc(&d_a, n * sizeof(int));
  cudaMalloc(&d_b, n * sizeof(int));
  cudaMemcpy(d_a, src, n * sizeof(int), cudaMemcpyHostToDevice);
  cudaMemcpyAsync(d_b, d_a, n * sizeof(int), cudaMemcpyDeviceToDevice, stream);
  cudaStreamSynchronize(stream);
  iota_scaled<<<(n / 2 + THREADS - 1) / THREADS, THREADS, 0, stream>>>(d_b + n / 2, n - n / 2, 3);
  cudaDeviceSynchronize();
  cudaMemcpy(dst, d_b, n * sizeof(int), cudaMemcpyDeviceToHost);
  cudaStreamDestroy(stream);
  cudaFree(d_a);
  cudaFree(d_b);
}

// __constant__ and __device__ variables set and read with cudaMemcpyToSymbol/FromSymbol, and a launch
// of a kernel template with two arguments
__constant__ float c_poly[4];
__device__ int d_blocks;

template <int BS, int UNROLL>
__global__ void poly_eval(float* y, const float* x, int n) {
  int base = (blockIdx.x * BS + threadIdx.x) * UNROLL;
  for (int u = 0; u < UNROLL; ++u) {
    int i = base + u;
    if (i < n) {
      float v = x[i];
      y[i] = ((c_poly[3] * v + c_poly[2]) * v + c_poly[1]) * v + c_poly[0];
    }
  }
  if (threadIdx.x == 0) atomicAdd(&d_blocks, 1);
}

void host_constant(const float* x, float* y, const float* coeffs, int* blocks, int n) {
  const int BS = 64, U = 4;
  int zero = 0;
  float *dx, *dy;
  cudaMemcpyToSymbol(c_poly, coeffs, 4 * sizeof(float));
  cudaMemcpyToSymbol(d_blocks, &zero, sizeof(int));
  cudaMalloc(&dx, n * sizeof(float));
  cudaMalloc(&dy, n * sizeof(float));
  cudaMemcpy(dx, x, n * sizeof(float), cudaMemcpyHostToDevice);
  poly_eval<BS, U><<<(n + BS * U - 1) / (BS * U), BS>>>(dy, dx, n);
  cudaMemcpy(y, dy, n * sizeof(float), cudaMemcpyDeviceToHost);
  cudaMemcpyFromSymbol(blocks, d_blocks, sizeof(int));
  cudaFree(dx);
  cudaFree(dy);
}
