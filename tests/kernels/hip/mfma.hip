// [HIP only: AMD CDNA MFMA builtins, wave64] Matrix-core instructions with the operand layouts of
// gpu_cpu.md B.3.2. Every kernel loads A, B and C (row-major in memory) into the lanes exactly as the
// layout tables say, runs one instruction per wavefront, and stores D the same way as C.
// One 64-lane wavefront per block; blockIdx.x selects one of several independent problems.
#include <hip/hip_runtime.h>

typedef float floatx4 __attribute__((ext_vector_type(4)));
typedef float floatx16 __attribute__((ext_vector_type(16)));
typedef _Float16 halfx4 __attribute__((ext_vector_type(4)));
typedef short bf16x4 __attribute__((ext_vector_type(4)));

// D (16x16) = A (16x4) * B (4x16) + C
__global__ void mfma_16x16x4f32(const float* A, const float* B, const float* C, float* D) {
  int l = threadIdx.x, p = blockIdx.x;
  A += p * 16 * 4; B += p * 4 * 16; C += p * 16 * 16; D += p * 16 * 16;
  float a = A[(l % 16) * 4 + l / 16];      // lane l holds A[l%16][l/16]
  float b = B[(l / 16) * 16 + l % 16];     // lane l holds B[l/16][l%16]
  floatx4 c;
  for (int r = 0; r < 4; ++r) c[r] = C[(4 * (l / 16) + r) * 16 + l % 16];
  floatx4 d = __builtin_amdgcn_mfma_f32_16x16x4f32(a, b, c, 0, 0, 0);
  for (int r = 0; r < 4; ++r) D[(4 * (l / 16) + r) * 16 + l % 16] = d[r];
}

// D (16x16) = A (16x16) * B (16x16) + C, fp16 inputs
__global__ void mfma_16x16x16f16(const _Float16* A, const _Float16* B, const float* C, float* D) {
  int l = threadIdx.x, p = blockIdx.x;
  A += p * 256; B += p * 256; C += p * 256; D += p * 256;
  halfx4 a, b;
  for (int e = 0; e < 4; ++e) {
    a[e] = A[(l % 16) * 16 + 4 * (l / 16) + e];     // A[l%16][4*(l/16)+e]
    b[e] = B[(4 * (l / 16) + e) * 16 + l % 16];     // B[4*(l/16)+e][l%16]
  }
  floatx4 c;
  for (int r = 0; r < 4; ++r) c[r] = C[(4 * (l / 16) + r) * 16 + l % 16];
  floatx4 d = __builtin_amdgcn_mfma_f32_16x16x16f16(a, b, c, 0, 0, 0);
  for (int r = 0; r < 4; ++r) D[(4 * (l / 16) + r) * 16 + l % 16] = d[r];
}

// D (32x32) = A (32x8) * B (8x32) + C, fp16 inputs
__global__ void mfma_32x32x8f16(const _Float16* A, const _Float16* B, const float* C, float* D) {
  int l = threadIdx.x, p = blockIdx.x;
  A += p * 32 * 8; B += p * 8 * 32; C += p * 1024; D += p * 1024;
  halfx4 a, b;
  for (int e = 0; e < 4; ++e) {
    a[e] = A[(l % 32) * 8 + 4 * (l / 32) + e];      // A[l%32][4*(l/32)+e]
    b[e] = B[(4 * (l / 32) + e) * 32 + l % 32];     // B[4*(l/32)+e][l%32]
  }
  floatx16 c;
  for (int r = 0; r < 16; ++r) c[r] = C[(8 * (r / 4) + 4 * (l / 32) + r % 4) * 32 + l % 32];
  floatx16 d = __builtin_amdgcn_mfma_f32_32x32x8f16(a, b, c, 0, 0, 0);
  for (int r = 0; r < 16; ++r) D[(8 * (r / 4) + 4 * (l / 32) + r % 4) * 32 + l % 32] = d[r];
}

// bf16 inputs as raw 16-bit patterns; same layouts as the f16 instructions of the same shape
__global__ void mfma_16x16x16bf16_1k(const unsigned short* A, const unsigned short* B, const float* C, float* D) {
  int l = threadIdx.x;
  bf16x4 a, b;
  for (int e = 0; e < 4; ++e) {
    a[e] = (short)A[(l % 16) * 16 + 4 * (l / 16) + e];
    b[e] = (short)B[(4 * (l / 16) + e) * 16 + l % 16];
  }
  floatx4 c;
  for (int r = 0; r < 4; ++r) c[r] = C[(4 * (l / 16) + r) * 16 + l % 16];
  floatx4 d = __builtin_amdgcn_mfma_f32_16x16x16bf16_1k(a, b, c, 0, 0, 0);
  for (int r = 0; r < 4; ++r) D[(4 * (l / 16) + r) * 16 + l % 16] = d[r];
}

__global__ void mfma_32x32x8bf16_1k(const unsigned short* A, const unsigned short* B, const float* C, float* D) {
  int l = threadIdx.x;
  bf16x4 a, b;
  for (int e = 0; e < 4; ++e) {
    a[e] = (short)A[(l % 32) * 8 + 4 * (l / 32) + e];
    b[e] = (short)B[(4 * (l / 32) + e) * 32 + l % 32];
  }
  floatx16 c;
  for (int r = 0; r < 16; ++r) c[r] = C[(8 * (r / 4) + 4 * (l / 32) + r % 4) * 32 + l % 32];
  floatx16 d = __builtin_amdgcn_mfma_f32_32x32x8bf16_1k(a, b, c, 0, 0, 0);
  for (int r = 0; r < 16; ++r) D[(8 * (r / 4) + 4 * (l / 32) + r % 4) * 32 + l % 32] = d[r];
}

// A GEMM tile loop: D (16 x N) = A (16 x K) * B (K x N), K a multiple of 16. Each wavefront of the
// block owns one 16-column tile of D and accumulates over K with 16x16x16f16.
__global__ void mfma_gemm_f16(const _Float16* A, const _Float16* B, float* D, int K, int N) {
  int l = threadIdx.x % 64;
  int tile = blockIdx.x * (blockDim.x / 64) + threadIdx.x / 64;
  int col = tile * 16 + l % 16;
  floatx4 acc = {0.0f, 0.0f, 0.0f, 0.0f};
  for (int k0 = 0; k0 < K; k0 += 16) {
    halfx4 a, b;
    for (int e = 0; e < 4; ++e) {
      a[e] = A[(l % 16) * K + k0 + 4 * (l / 16) + e];
      b[e] = B[(k0 + 4 * (l / 16) + e) * N + col];
    }
    acc = __builtin_amdgcn_mfma_f32_16x16x16f16(a, b, acc, 0, 0, 0);
  }
  for (int r = 0; r < 4; ++r) D[(4 * (l / 16) + r) * N + col] = acc[r];
}

// errors: an MFMA executed by half of the wavefront, and a non-zero broadcast modifier
__global__ void mfma_divergent(const float* A, float* D) {
  int l = threadIdx.x;
  floatx4 c = {0.0f, 0.0f, 0.0f, 0.0f};
  if (l < 32) c = __builtin_amdgcn_mfma_f32_16x16x4f32(A[l], A[l + 1], c, 0, 0, 0);
  D[l] = c[0];
}

__global__ void mfma_modifier(const float* A, float* D) {
  int l = threadIdx.x;
  floatx4 c = {0.0f, 0.0f, 0.0f, 0.0f};
  c = __builtin_amdgcn_mfma_f32_16x16x4f32(A[l], A[l + 1], c, 1, 0, 0);
  D[l] = c[0];
}
