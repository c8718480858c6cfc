// AMDGPU compiler builtins (__builtin_amdgcn_*) on the SIMT engine: the MFMA matrix instructions as
// 64-lane wavefront collectives with the exact per-lane operand layouts of CDNA1-3 (gpu_cpu.md B.3.2),
// a few cross-lane builtins, and the scheduling hints (no-ops on the CPU).
#pragma once
#include "xpiler/half.h"
#include "xpiler/simt.h"

typedef float xpiler_floatx4 __attribute__((vector_size(4 * sizeof(float))));
typedef float xpiler_floatx16 __attribute__((vector_size(16 * sizeof(float))));
typedef _Float16 xpiler_halfx4 __attribute__((vector_size(4 * sizeof(_Float16))));
typedef short xpiler_shortx4 __attribute__((vector_size(4 * sizeof(short))));

namespace xpiler {
namespace hip {

// clang's `T __attribute__((ext_vector_type(N)))` in alias templates (the model rewrites it to this)
template <class T, int N>
struct ext_vector { typedef T type __attribute__((vector_size(N * sizeof(T)))); };

// One lane's operands of an MFMA instruction, converted to float. G is the lane-group size (= M = N):
// the 64 lanes form 64/G groups along K, each lane supplying KPL consecutive k of one row of A
// (row l % G) and one column of B (column l % G); C and D hold CPL elements of column l % G.
template <int G, int KPL>
struct MfmaRec {
  static constexpr int M = G, N = G, K = KPL * (64 / G), CPL = G * G / 64;
  float a[KPL], b[KPL], c[CPL], d[CPL];
  // row of C/D held in element r of lane l (column l % G)
  static int cd_row(int l, int r) { return 4 * (64 / G) * (r / 4) + 4 * (l / G) + r % 4; }
};

inline void describe_lanes(char* out, size_t n, unsigned long long lanes) {
  size_t j = 0;
  out[0] = 0;
  for (int l = 0; l < 64 && j + 8 < n; ++l) {
    if (!(lanes & (1ull << l))) continue;
    int e = l;
    while (e + 1 < 64 && (lanes & (1ull << (e + 1)))) ++e;
    j += (size_t)snprintf(out + j, n - j, j ? ",%d" : "%d", l);
    if (e > l) j += (size_t)snprintf(out + j, n - j, "-%d", e);
    l = e;
  }
}

template <int G, int KPL>
inline void mfma_wave(const char* op, const Site& site, MfmaRec<G, KPL>& rec, int cbsz, int abid, int blgp) {
  typedef MfmaRec<G, KPL> R;
  if (cbsz || abid || blgp)
    fail_at("bad_intrinsic_argument", site,
            "%s: cbsz=%d abid=%d blgp=%d; the engine implements these single-block instructions with cbsz = abid = "
            "blgp = 0 only (no A broadcast, no B lane swizzle)", op, cbsz, abid, blgp);
  auto compute = [op, site](simt::Group& g) {
    const simt::Warp& w = simt::g_warps[simt::g_current->warp];
    if (g.arrived != ~0ull) {
      char got[256], missing[256];
      describe_lanes(got, sizeof got, g.arrived);
      describe_lanes(missing, sizeof missing, ~g.arrived);
      if (w.exists != ~0ull)
        fail_at("divergent_warp", site, "%s needs a full 64-lane wavefront, but this wavefront has only lanes %s "
                "(the block size is not a multiple of 64)", op, got);
      fail_at("divergent_warp", site, "%s is a wavefront-wide instruction and must be executed by all 64 lanes "
              "together; only lanes %s reached it (lanes %s %s)", op, got, missing,
              (w.live & ~g.arrived) ? "are on another path" : "have already finished");
    }
    float A[R::M][R::K], B[R::K][R::N];
    for (int l = 0; l < 64; ++l) {
      const R* r = (const R*)g.payload[l];
      for (int e = 0; e < KPL; ++e) {
        A[l % G][KPL * (l / G) + e] = r->a[e];
        B[KPL * (l / G) + e][l % G] = r->b[e];
      }
    }
    for (int l = 0; l < 64; ++l) {
      R* r = (R*)g.payload[l];
      int col = l % G;
      for (int e = 0; e < R::CPL; ++e) {
        int row = R::cd_row(l, e);
        float acc = r->c[e];
        for (int k = 0; k < R::K; ++k) acc += A[row][k] * B[k][col];   // f16/bf16 products are exact in fp32
        r->d[e] = acc;
      }
    }
  };
  simt::warp_collective(op, site, ~0ull, &rec, compute);
}

template <class V>
inline float f16_elem(const V& v, int e) { return (float)v[e]; }
inline float bf16_bits(short s) { return bf16_bits_to_f32((uint16_t)s); }

inline xpiler_floatx4 mfma_f32_16x16x4f32(const Site& site, float a, float b, xpiler_floatx4 c, int cbsz, int abid,
                                          int blgp) {
  MfmaRec<16, 1> r;
  r.a[0] = a;
  r.b[0] = b;
  for (int e = 0; e < 4; ++e) r.c[e] = c[e];
  mfma_wave("__builtin_amdgcn_mfma_f32_16x16x4f32", site, r, cbsz, abid, blgp);
  xpiler_floatx4 d;
  for (int e = 0; e < 4; ++e) d[e] = r.d[e];
  return d;
}

#define XPILER_MFMA_HALF(fn, G, CT, CN, IN_T, CONV)                                                            \
  inline CT fn(const Site& site, IN_T a, IN_T b, CT c, int cbsz, int abid, int blgp) {                       \
    MfmaRec<G, 4> r;                                                                                         \
    for (int e = 0; e < 4; ++e) { r.a[e] = CONV(a[e]); r.b[e] = CONV(b[e]); }                                \
    for (int e = 0; e < CN; ++e) r.c[e] = c[e];                                                              \
    mfma_wave("__builtin_amdgcn_" #fn, site, r, cbsz, abid, blgp);                                           \
    CT d;                                                                                                    \
    for (int e = 0; e < CN; ++e) d[e] = r.d[e];                                                              \
    return d;                                                                                                \
  }
#define XPILER_TO_FLOAT(x) ((float)(x))
XPILER_MFMA_HALF(mfma_f32_16x16x16f16, 16, xpiler_floatx4, 4, xpiler_halfx4, XPILER_TO_FLOAT)
XPILER_MFMA_HALF(mfma_f32_32x32x8f16, 32, xpiler_floatx16, 16, xpiler_halfx4, XPILER_TO_FLOAT)
XPILER_MFMA_HALF(mfma_f32_16x16x16bf16_1k, 16, xpiler_floatx4, 4, xpiler_shortx4, bf16_bits)
XPILER_MFMA_HALF(mfma_f32_32x32x8bf16_1k, 32, xpiler_floatx16, 16, xpiler_shortx4, bf16_bits)
#undef XPILER_MFMA_HALF
#undef XPILER_TO_FLOAT

// value of the lowest-numbered lane that executes the call
template <class T>
struct FirstLaneRec { T value; T out; };
template <class T>
inline T readfirstlane(const Site& site, T v) {
  FirstLaneRec<T> rec{v, v};
  auto compute = [](simt::Group& g) {
    int first = __builtin_ctzll(g.arrived);
    T value = ((FirstLaneRec<T>*)g.payload[first])->value;
    for (int l = 0; l < 64; ++l)
      if (g.arrived & (1ull << l)) ((FirstLaneRec<T>*)g.payload[l])->out = value;
  };
  simt::warp_collective("__builtin_amdgcn_readfirstlane", site, ~0ull, &rec, compute);
  return rec.out;
}

inline unsigned mbcnt_lo(unsigned mask, unsigned acc) {
  int l = simt::lane_id();
  unsigned below = l >= 32 ? mask : (mask & ((1u << l) - 1u));
  return acc + (unsigned)__builtin_popcount(below);
}
inline unsigned mbcnt_hi(unsigned mask, unsigned acc) {
  int l = simt::lane_id();
  unsigned below = l < 32 ? 0u : (l == 63 ? mask & 0x7fffffffu : mask & ((1u << (l - 32)) - 1u));
  return acc + (unsigned)__builtin_popcount(below);
}

inline float fmed3(float a, float b, float c) { return fmaxf(fminf(a, b), fminf(fmaxf(a, b), c)); }

}  // namespace hip
}  // namespace xpiler

// ---------------------------------------------------------------- the builtins' spellings
#define __builtin_amdgcn_mfma_f32_16x16x4f32(...) \
  ::xpiler::hip::mfma_f32_16x16x4f32(XPILER_SITE("__builtin_amdgcn_mfma_f32_16x16x4f32"), __VA_ARGS__)
#define __builtin_amdgcn_mfma_f32_16x16x16f16(...) \
  ::xpiler::hip::mfma_f32_16x16x16f16(XPILER_SITE("__builtin_amdgcn_mfma_f32_16x16x16f16"), __VA_ARGS__)
#define __builtin_amdgcn_mfma_f32_32x32x8f16(...) \
  ::xpiler::hip::mfma_f32_32x32x8f16(XPILER_SITE("__builtin_amdgcn_mfma_f32_32x32x8f16"), __VA_ARGS__)
#define __builtin_amdgcn_mfma_f32_16x16x16bf16_1k(...) \
  ::xpiler::hip::mfma_f32_16x16x16bf16_1k(XPILER_SITE("__builtin_amdgcn_mfma_f32_16x16x16bf16_1k"), __VA_ARGS__)
#define __builtin_amdgcn_mfma_f32_32x32x8bf16_1k(...) \
  ::xpiler::hip::mfma_f32_32x32x8bf16_1k(XPILER_SITE("__builtin_amdgcn_mfma_f32_32x32x8bf16_1k"), __VA_ARGS__)

#define __builtin_amdgcn_readfirstlane(...) ::xpiler::hip::readfirstlane(XPILER_SITE("__builtin_amdgcn_readfirstlane"), __VA_ARGS__)
#define __builtin_amdgcn_readlane(v, lane) ::xpiler::simt::shfl("__builtin_amdgcn_readlane", XPILER_SITE("__builtin_amdgcn_readlane"), ~0ull, v, (int)(lane), 64, ::xpiler::simt::ShflMode::idx)
#define __builtin_amdgcn_ds_bpermute(addr, v) ::xpiler::simt::shfl("__builtin_amdgcn_ds_bpermute", XPILER_SITE("__builtin_amdgcn_ds_bpermute"), ~0ull, (int)(v), ((int)(addr) >> 2) & 63, 64, ::xpiler::simt::ShflMode::idx)
#define __builtin_amdgcn_mbcnt_lo(mask, acc) ::xpiler::hip::mbcnt_lo((unsigned)(mask), (unsigned)(acc))
#define __builtin_amdgcn_mbcnt_hi(mask, acc) ::xpiler::hip::mbcnt_hi((unsigned)(mask), (unsigned)(acc))
#define __builtin_amdgcn_s_barrier() ::xpiler::simt::syncthreads(XPILER_SITE("__builtin_amdgcn_s_barrier"))
#define __builtin_amdgcn_wave_barrier() ((void)0)
#define __builtin_amdgcn_sched_barrier(mask) ((void)(mask))
#define __builtin_amdgcn_sched_group_barrier(mask, n, id) ((void)(mask), (void)(n), (void)(id))
#define __builtin_amdgcn_iglp_opt(n) ((void)(n))
#define __builtin_amdgcn_s_waitcnt(n) ((void)(n))
#define __builtin_amdgcn_s_sleep(n) ((void)(n))
#define __builtin_amdgcn_s_setprio(n) ((void)(n))
#define __builtin_amdgcn_workitem_id_x() (threadIdx.x)
#define __builtin_amdgcn_workitem_id_y() (threadIdx.y)
#define __builtin_amdgcn_workitem_id_z() (threadIdx.z)
#define __builtin_amdgcn_workgroup_id_x() (blockIdx.x)
#define __builtin_amdgcn_workgroup_id_y() (blockIdx.y)
#define __builtin_amdgcn_workgroup_id_z() (blockIdx.z)
#define __builtin_amdgcn_rcpf(x) (1.0f / (float)(x))
#define __builtin_amdgcn_rsqf(x) (1.0f / sqrtf((float)(x)))
#define __builtin_amdgcn_sqrtf(x) sqrtf((float)(x))
#define __builtin_amdgcn_fmed3f(a, b, c) ::xpiler::hip::fmed3((float)(a), (float)(b), (float)(c))
