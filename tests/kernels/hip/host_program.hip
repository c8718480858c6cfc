// A complete HIP host program: device buffers, copies, hipLaunchKernelGGL (also of a template kernel
// named with HIP_KERNEL_NAME), events and device properties.
// [wave-size independent] y and z; info[0] reports warpSize (64 on the engine's CDNA device).
#ifdef __NVCC__
#include "../../gpu/hip_to_cuda.h"
#else
#include <hip/hip_runtime.h>
#endif

#define HIP_CHECK(call) do { hipError_t e_ = (call); if (e_ != hipSuccess) { info[1] = (int)e_; return; } } while (0)

__global__ void saxpy(float a, const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

template <int STRIDE>
__global__ void gather_stride(const float* x, float* z, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) z[i] = x[(i * STRIDE) % n];
}

void host_saxpy(const float* x, float* y, float* z, int* info, float a, int n) {
  float *dx = nullptr, *dy = nullptr, *dz = nullptr;
  hipDeviceProp_t prop;
  HIP_CHECK(hipGetDeviceProperties(&prop, 0));
  info[0] = prop.warpSize;
  info[1] = 0;
  size_t bytes = n * sizeof(float);
  HIP_CHECK(hipMalloc(&dx, bytes));
  HIP_CHECK(hipMalloc(&dy, bytes));
  HIP_CHECK(hipMalloc(&dz, bytes));
  HIP_CHECK(hipMemcpy(dx, x, bytes, hipMemcpyHostToDevice));
  HIP_CHECK(hipMemcpy(dy, y, bytes, hipMemcpyHostToDevice));
  HIP_CHECK(hipMemset(dz, 0, bytes));
  hipEvent_t start, stop;
  HIP_CHECK(hipEventCreate(&start));
  HIP_CHECK(hipEventCreate(&stop));
  HIP_CHECK(hipEventRecord(start, 0));
  int threads = 256;
  int blocks = (n + threads - 1) / threads;
  hipLaunchKernelGGL(saxpy, dim3(blocks), dim3(threads), 0, 0, a, dx, dy, n);
  HIP_CHECK(hipGetLastError());
  hipLaunchKernelGGL(HIP_KERNEL_NAME(gather_stride<3>), dim3(blocks), dim3(threads), 0, 0, dx, dz, n);
  HIP_CHECK(hipEventRecord(stop, 0));
  HIP_CHECK(hipEventSynchronize(stop));
  float ms = 0.0f;
  HIP_CHECK(hipEventElapsedTime(&ms, start, stop));
  HIP_CHECK(hipDeviceSynchronize());
  HIP_CHECK(hipMemcpy(y, dy, bytes, hipMemcpyDeviceToHost));
  HIP_CHECK(hipMemcpy(z, dz, bytes, hipMemcpyDeviceToHost));
  HIP_CHECK(hipFree(dx));
  HIP_CHECK(hipFree(dy));
  HIP_CHECK(hipFree(dz));
  HIP_CHECK(hipEventDestroy(start));
  HIP_CHECK(hipEventDestroy(stop));
  info[2] = ms >= 0.0f;
}
