// nvcuda::wmma on the SIMT engine. Each fragment holds per-lane elements of a logical tile through a
// lane mapping chosen at run time with XPILER_WMMA_MAPPING:
//   natural (default)  element e of lane l is tile element (l*num_elements + e) mod tile size
//   scrambled          a fixed pseudo-random permutation (each element still held by 1 or 2 slots)
// The mapping is unspecified on the GPU, so results must not depend on it; running a program under
// both mappings catches code that does. load/store/mma are warp collectives that check the
// documented constraints.
#pragma once
#include <cstdlib>
#include <cstring>

#include "xpiler/gpu_half.h"
#include "xpiler/simt.h"

namespace xpiler {
inline int wmma_mapping() {
  static int mode = -1;
  if (mode < 0) {
    const char* e = getenv("XPILER_WMMA_MAPPING");
    if (!e || !*e || !strcmp(e, "natural")) mode = 0;
    else if (!strcmp(e, "scrambled")) mode = 1;
    else fail("bad_option", "XPILER_WMMA_MAPPING=%s: expected 'natural' or 'scrambled'", e);
  }
  return mode;
}

// Two permutations of 0..Size-1 (for the first and second copy of replicated fragments).
template <int Size>
struct WmmaScramble {
  unsigned short p[2][Size];
  WmmaScramble() {
    unsigned long long state = 0x9e3779b97f4a7c15ull ^ (unsigned long long)Size;
    for (int c = 0; c < 2; ++c) {
      for (int i = 0; i < Size; ++i) p[c][i] = (unsigned short)i;
      for (int i = Size - 1; i > 0; --i) {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        int j = (int)((state >> 33) % (unsigned long long)(i + 1));
        unsigned short t = p[c][i]; p[c][i] = p[c][j]; p[c][j] = t;
      }
    }
  }
};
}  // namespace xpiler

namespace nvcuda {
namespace wmma {

struct matrix_a {};
struct matrix_b {};
struct accumulator {};
struct row_major {};
struct col_major {};
enum layout_t { mem_row_major, mem_col_major };
namespace precision { struct tf32 {}; }

template <class Use, int M, int N, int K> struct shape;
template <int M, int N, int K> struct shape<matrix_a, M, N, K> { static constexpr int rows = M, cols = K; };
template <int M, int N, int K> struct shape<matrix_b, M, N, K> { static constexpr int rows = K, cols = N; };
template <int M, int N, int K> struct shape<accumulator, M, N, K> { static constexpr int rows = M, cols = N; };

template <class T> struct storage { typedef T type; };
template <> struct storage<precision::tf32> { typedef float type; };

template <class Use, int M, int N, int K, class T, class Layout = void>
struct fragment {
  typedef typename storage<T>::type element_type;
  static constexpr int rows = shape<Use, M, N, K>::rows, cols = shape<Use, M, N, K>::cols;
  static constexpr bool replicated = !std::is_same<Use, accumulator>::value && sizeof(element_type) == 2 &&
                                     rows * cols == 256;
  static constexpr int num_elements = rows * cols * (replicated ? 2 : 1) / 32;
  element_type x[num_elements];
  static int tile_index(int lane, int e) {
    int slot = lane * num_elements + e, size = rows * cols;
    if (!xpiler::wmma_mapping()) return slot % size;
    static const xpiler::WmmaScramble<rows * cols> scramble;
    return scramble.p[(slot / size) & 1][slot % size];
  }
};

template <class F> struct is_col_major { static constexpr bool value = false; };
template <class U, int M, int N, int K, class T>
struct is_col_major<fragment<U, M, N, K, T, col_major>> { static constexpr bool value = true; };

inline void check_ptr_ldm(const xpiler::Site& site, const char* op, const void* p, unsigned ldm, size_t esize) {
  if ((uintptr_t)p % 32)
    xpiler::fail_at("bad_intrinsic_argument", site, "%s: pointer %p is not 32-byte aligned", op, p);
  if ((ldm * esize) % 16)
    xpiler::fail_at("bad_intrinsic_argument", site, "%s: ldm=%u elements is not a multiple of 16 bytes", op, ldm);
}

template <class Frag, class P>
struct LoadRec { Frag* frag; const P* ptr; unsigned ldm; bool col; };

template <class Frag, class P>
inline void load_impl(const xpiler::Site& site, Frag& a, const P* p, unsigned ldm, bool col) {
  check_ptr_ldm(site, "wmma::load_matrix_sync", p, ldm, sizeof(P));
  LoadRec<Frag, P> rec{&a, p, ldm, col};
  auto compute = [site](xpiler::simt::Group& g) {
    LoadRec<Frag, P>* first = nullptr;
    for (int l = 0; l < 32; ++l) {
      if (!(g.arrived & (1ull << l))) continue;
      LoadRec<Frag, P>* r = (LoadRec<Frag, P>*)g.payload[l];
      if (!first) first = r;
      else if (r->ptr != first->ptr || r->ldm != first->ldm)
        xpiler::fail_at("bad_intrinsic_argument", site, "wmma::load_matrix_sync: lanes pass different pointers or ldm");
      for (int e = 0; e < Frag::num_elements; ++e) {
        int t = Frag::tile_index(l, e), row = t / Frag::cols, c = t % Frag::cols;
        r->frag->x[e] = (typename Frag::element_type)(r->col ? r->ptr[(size_t)c * r->ldm + row] : r->ptr[(size_t)row * r->ldm + c]);
      }
    }
    if (g.arrived != (xpiler::simt::g_warps[xpiler::simt::g_current->warp].exists))
      xpiler::fail_at("divergent_warp", site, "wmma::load_matrix_sync must be called by every lane of the warp");
  };
  xpiler::simt::warp_collective("wmma::load_matrix_sync", site, ~0ull >> 32, &rec, compute);
}

template <class Use, int M, int N, int K, class T, class L, class P>
inline void load_matrix_sync_(const xpiler::Site& site, fragment<Use, M, N, K, T, L>& a, const P* p, unsigned ldm) {
  load_impl(site, a, p, ldm, std::is_same<L, col_major>::value);
}
template <int M, int N, int K, class T, class P>
inline void load_matrix_sync_(const xpiler::Site& site, fragment<accumulator, M, N, K, T, void>& a, const P* p, unsigned ldm,
                              layout_t layout) {
  load_impl(site, a, p, ldm, layout == mem_col_major);
}

template <class Frag, class P>
struct StoreRec { const Frag* frag; P* ptr; unsigned ldm; bool col; };

template <int M, int N, int K, class T, class P>
inline void store_matrix_sync_(const xpiler::Site& site, P* p, const fragment<accumulator, M, N, K, T, void>& a, unsigned ldm,
                               layout_t layout) {
  typedef fragment<accumulator, M, N, K, T, void> Frag;
  check_ptr_ldm(site, "wmma::store_matrix_sync", p, ldm, sizeof(P));
  StoreRec<Frag, P> rec{&a, p, ldm, layout == mem_col_major};
  auto compute = [site](xpiler::simt::Group& g) {
    if (g.arrived != (xpiler::simt::g_warps[xpiler::simt::g_current->warp].exists))
      xpiler::fail_at("divergent_warp", site, "wmma::store_matrix_sync must be called by every lane of the warp");
    for (int l = 0; l < 32; ++l) {
      if (!(g.arrived & (1ull << l))) continue;
      StoreRec<Frag, P>* r = (StoreRec<Frag, P>*)g.payload[l];
      for (int e = 0; e < Frag::num_elements; ++e) {
        int t = Frag::tile_index(l, e), row = t / Frag::cols, c = t % Frag::cols;
        (r->col ? r->ptr[(size_t)c * r->ldm + row] : r->ptr[(size_t)row * r->ldm + c]) = (P)r->frag->x[e];
      }
    }
  };
  xpiler::simt::warp_collective("wmma::store_matrix_sync", site, ~0ull >> 32, &rec, compute);
}

template <class Frag, class V>
inline void fill_fragment(Frag& a, const V& v) {
  for (int e = 0; e < Frag::num_elements; ++e) a.x[e] = (typename Frag::element_type)v;
}

template <class FD, class FA, class FB, class FC>
struct MmaRec { FD* d; const FA* a; const FB* b; const FC* c; };

template <int M, int N, int K, class TA, class LA, class TB, class LB, class TC, class TD>
inline void mma_sync_(const xpiler::Site& site, fragment<accumulator, M, N, K, TD>& d,
                      const fragment<matrix_a, M, N, K, TA, LA>& a, const fragment<matrix_b, M, N, K, TB, LB>& b,
                      const fragment<accumulator, M, N, K, TC>& c, bool satf = false) {
  (void)satf;
  typedef fragment<accumulator, M, N, K, TD> FD;
  typedef fragment<matrix_a, M, N, K, TA, LA> FA;
  typedef fragment<matrix_b, M, N, K, TB, LB> FB;
  typedef fragment<accumulator, M, N, K, TC> FC;
  MmaRec<FD, FA, FB, FC> rec{&d, &a, &b, &c};
  auto compute = [site](xpiler::simt::Group& g) {
    if (g.arrived != (xpiler::simt::g_warps[xpiler::simt::g_current->warp].exists))
      xpiler::fail_at("divergent_warp", site, "wmma::mma_sync must be called by every lane of the warp");
    static double A[M * K], B[K * N];
    static double C[M * N];
    typedef typename std::conditional<std::is_integral<typename FD::element_type>::value, long long, float>::type Acc;
    for (int l = 0; l < 32; ++l) {
      MmaRec<FD, FA, FB, FC>* r = (MmaRec<FD, FA, FB, FC>*)g.payload[l];
      for (int e = 0; e < FA::num_elements; ++e) A[FA::tile_index(l, e)] = (double)(float)r->a->x[e];
      for (int e = 0; e < FB::num_elements; ++e) B[FB::tile_index(l, e)] = (double)(float)r->b->x[e];
      for (int e = 0; e < FC::num_elements; ++e) C[FC::tile_index(l, e)] = (double)r->c->x[e];
    }
    static typename FD::element_type D[M * N];
    for (int i = 0; i < M; ++i)
      for (int j = 0; j < N; ++j) {
        Acc acc = (Acc)C[i * N + j];
        for (int k = 0; k < K; ++k) acc += (Acc)(A[i * K + k] * B[k * N + j]);   // products exact in fp32
        D[i * N + j] = (typename FD::element_type)acc;
      }
    for (int l = 0; l < 32; ++l) {
      MmaRec<FD, FA, FB, FC>* r = (MmaRec<FD, FA, FB, FC>*)g.payload[l];
      for (int e = 0; e < FD::num_elements; ++e) r->d->x[e] = D[FD::tile_index(l, e)];
    }
  };
  xpiler::simt::warp_collective("wmma::mma_sync", site, ~0ull >> 32, &rec, compute);
}

}  // namespace wmma
}  // namespace nvcuda

#define load_matrix_sync(...) load_matrix_sync_(XPILER_SITE("wmma::load_matrix_sync"), __VA_ARGS__)
#define store_matrix_sync(...) store_matrix_sync_(XPILER_SITE("wmma::store_matrix_sync"), __VA_ARGS__)
#define mma_sync(...) mma_sync_(XPILER_SITE("wmma::mma_sync"), __VA_ARGS__)
