"""conv1d y[n,f,lo] = sum x[n,c,lo*s+k] w[f,c,k]: hand-written BANG C, parametric, via __bang_conv with H = 1.

A 1-D convolution is a 2-D one with H = KH = 1: __bang_conv gets src [1][W][Ci] in NRAM and the
filter [Co][1][KW][Ci] in WRAM. Both operands arrive channel-major ([C][L] and [F][C][K]), so layouts
change on chip: the input window is loaded with a strided 2-D __memcpy (one segment per channel)
and turned into [L][C] with __bang_transpose; the filter chunk [64][ci][K] is transposed as one
[64*ci][K] matrix into [K][64][ci] and permuted to [64][K][ci] with a single 3-D NRAM2NRAM __memcpy,
then packed with __bang_reshape_filter and copied NRAM2WRAM. Input channels go in chunks of 64
(zero-padded to 16), and every chunk of the current 64-filter tile stays resident in WRAM while the
task walks its output windows; chunk results are summed with __bang_add, and the [Lo][64] result
is transposed back and stored with a 2-D __memcpy (destination stride Lo)."""


def render(shape):
    source = r'''
#include <bang.h>

#define NRAM_FLOATS ((__MLU_NRAM_SIZE__ * 1024 - 128 * 1024) / 4)
#define WRAM_FLOATS (__MLU_WRAM_SIZE__ * 1024 / 4)
#define CO_TILE 64                 // filters per WRAM lane group
#define CI_CHUNK 64                // input channels per __bang_conv call
#define CI_ALIGN 16                // channel padding: 64 bytes

__nram__ float nram_pool[NRAM_FLOATS];
__wram__ float wram_filter[WRAM_FLOATS];

__mlu_func__ int round_up(int v, int a) { return (v + a - 1) / a * a; }
__mlu_func__ int imin(int a, int b) { return a < b ? a : b; }

// filters [f0, f0 + fc) of w [F][C][K] -> WRAM, one [64][1][K][cp] block per channel chunk
__mlu_func__ void stage_filters(const float* w, int C, int K, int f0, int fc, int chunks) {
  float* raw = nram_pool;                                  // [64][cp][K], later the packed filter
  float* kfc = nram_pool + CO_TILE * CI_CHUNK * K;         // [K][64][cp]
  float* fkc = kfc + CO_TILE * CI_CHUNK * K;               // [64][K][cp]
  for (int j = 0; j < chunks; ++j) {
    const int c0 = j * CI_CHUNK, cc = imin(CI_CHUNK, C - c0), cp = round_up(cc, CI_ALIGN);
    if (cc != cp || fc != CO_TILE) __bang_write_zero(raw, CO_TILE * cp * K);
    __memcpy(raw, w + ((size_t)f0 * C + c0) * K, cc * K * sizeof(float), GDRAM2NRAM,
             cp * K * sizeof(float), C * K * sizeof(float), fc - 1);
    __bang_transpose(kfc, raw, CO_TILE * cp, K);
    // chunk (f, k) of cp floats sits at kfc[(k * 64 + f) * cp]; write them in (f, k) order
    __memcpy(fkc, kfc, cp * sizeof(float), NRAM2NRAM,
             cp * sizeof(float), K - 1, K * cp * sizeof(float), CO_TILE - 1,
             CO_TILE * cp * sizeof(float), K - 1, cp * sizeof(float), CO_TILE - 1);
    __bang_reshape_filter(raw, fkc, CO_TILE, 1, K, cp);
    __memcpy(wram_filter + CO_TILE * K * c0, raw, CO_TILE * K * cp * sizeof(float), NRAM2WRAM);
  }
}

__mlu_global__ void conv1d_ncl_bang_conv(const float* x, const float* w, float* y, int N, int C, int L, int F,
                                         int K, int stride) {
  if (__is_mpu()) return;
  const int Lo = (L - K) / stride + 1;
  const int chunks = (C + CI_CHUNK - 1) / CI_CHUNK;
  const int c_wram = (chunks - 1) * CI_CHUNK + round_up(C - (chunks - 1) * CI_CHUNK, CI_ALIGN);
  if (CO_TILE * K * c_wram > WRAM_FLOATS || 3 * CO_TILE * CI_CHUNK * K > NRAM_FLOATS) return;   // too large

  // output window: [ci][lw] + [lw][ci] input, three [lo][64] results; spread evenly over the tasks
  const int co_tiles = (F + CO_TILE - 1) / CO_TILE;
  int lo_t = (NRAM_FLOATS - 2 * CI_CHUNK * (K - stride)) / (2 * CI_CHUNK * stride + 3 * CO_TILE);
  const int fair = (N * Lo * co_tiles + taskDim - 1) / taskDim;
  lo_t = imin(imin(lo_t, Lo), fair);
  const int windows = (Lo + lo_t - 1) / lo_t;
  const int items = co_tiles * N * windows;
  const int per = items / taskDim, rem = items % taskDim;
  const int first = taskId * per + imin(taskId, rem);
  const int last = first + per + (taskId < rem ? 1 : 0);

  const int lw_max = (lo_t - 1) * stride + K;
  float* in_cl = nram_pool;                                // [cp][lw]
  float* in_lc = in_cl + CI_CHUNK * lw_max;                // [lw][cp]
  float* acc = in_lc + CI_CHUNK * lw_max;                  // [lo][64]
  float* part = acc + CO_TILE * lo_t;
  float* out_fl = part + CO_TILE * lo_t;                   // [64][lo]

  int staged = -1;
  for (int it = first; it < last; ++it) {
    const int ct = it / (N * windows), n = (it / windows) % N, o0 = (it % windows) * lo_t;
    const int f0 = ct * CO_TILE, fc = imin(CO_TILE, F - f0);
    if (ct != staged) {
      stage_filters(w, C, K, f0, fc, chunks);
      staged = ct;
    }
    const int lo = imin(lo_t, Lo - o0), lw = (lo - 1) * stride + K;
    for (int j = 0; j < chunks; ++j) {
      const int c0 = j * CI_CHUNK, cc = imin(CI_CHUNK, C - c0), cp = round_up(cc, CI_ALIGN);
      if (cc != cp) __bang_write_zero(in_cl + cc * lw, (cp - cc) * lw);
      __memcpy(in_cl, x + ((size_t)n * C + c0) * L + (size_t)o0 * stride, lw * sizeof(float), GDRAM2NRAM,
               lw * sizeof(float), L * sizeof(float), cc - 1);
      __bang_transpose(in_lc, in_cl, cp, lw);
      __bang_conv(j == 0 ? acc : part, in_lc, wram_filter + CO_TILE * K * c0, cp, 1, lw, 1, K, stride, 1, CO_TILE);
      if (j > 0) __bang_add(acc, acc, part, lo * CO_TILE);
    }
    __bang_transpose(out_fl, acc, lo, CO_TILE);
    __memcpy(y + ((size_t)n * F + f0) * Lo + o0, out_fl, lo * sizeof(float), NRAM2GDRAM,
             Lo * sizeof(float), lo * sizeof(float), fc - 1);
  }
}
'''
    return {"source": source, "entry": "conv1d_ncl_bang_conv",
            "args": ["x", "weight", "y", "n", "c", "l", "f", "kw", "stride"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "hand-written: __bang_conv with H = 1, __bang_transpose + 3-D NRAM2NRAM __memcpy layout changes, "
                     "WRAM-resident filter tile, channel chunks accumulated",
            "parametric": True}
