"""gemv with AVX-512 VNNI (vpdpbusd): int8 matrix x uint8 vector -> int32, exact; hand-written,
fixed-size (M, K, the 64-byte step count and the byte tail mask are constants).

For a vector right-hand side the VNNI layout [K/4][1][4] is the vector itself: each row of A is read
64 bytes (16 lanes x 4 k values) at a time against the same 64 bytes of x, and the 16 lane sums
are added at the end. The K % 64 tail uses a __mmask64 byte mask (masked-off bytes read as 0 and are
never touched)."""


def render(shape):
    m, k = shape["m"], shape["k"]
    rem = k % 64
    tail = "" if rem == 0 else f'''
    /* the last {rem} byte(s) of the row */
    acc = _mm512_dpbusd_epi32(acc, _mm512_maskz_loadu_epi8(TAIL_MASK, x + K_VEC * 64),
                              _mm512_maskz_loadu_epi8(TAIL_MASK, row + K_VEC * 64));'''
    mask_def = "" if rem == 0 else f"\n#define TAIL_MASK ((__mmask64)0x{(1 << rem) - 1:x}ULL)   /* K % 64 = {rem} bytes */"
    source = f'''
#include <immintrin.h>
#include <stdint.h>

#define M {m}
#define K {k}
#define K_VEC {k // 64}                       /* whole 64-byte steps per row */{mask_def}

/* y[m] = sum_k A[m][k] * x[k] in int32, exactly; A int8 [{m}][{k}] (weights), x uint8 [{k}] (activations).
 *
 * Quantisation contract (done by the caller's float model; gpu_cpu.md D.2):
 *   weights A: int8, symmetric per row m (output channel): qa = clamp(rint(a / sa[m]), -127, 127)
 *   input x:   uint8, asymmetric per tensor:               qx = clamp(rint(x / sx) + zx, 0, 255)
 *   rint = nearest, ties to even; afterwards y_float[m] ~= sa[m] * sx * (y[m] - zx * rowsum[m]),
 *   rowsum[m] = sum_k qa[m][k]. vpdpbusd takes x as the unsigned operand (its second argument) and A
 *   as the signed one; |y| <= K * 255 * 128 < 2^31 for K < 65 793, so the int32 sums are exact. */
void gemv_s8u8s32_{m}x{k}(const int8_t* A, const uint8_t* x, int32_t* y) {{
#pragma omp parallel for schedule(static)
  for (int r = 0; r < M; ++r) {{
    const int8_t* row = A + (long)r * K;
    __m512i acc = _mm512_setzero_si512();
    for (int v = 0; v < K_VEC; ++v)
      acc = _mm512_dpbusd_epi32(acc, _mm512_loadu_si512(x + v * 64), _mm512_loadu_si512(row + v * 64));{tail}
    y[r] = _mm512_reduce_add_epi32(acc);
  }}
}}
'''
    return {"source": source, "entry": f"gemv_s8u8s32_{m}x{k}", "args": ["a", "x", "y"],
            "dtypes": {"a": "int8", "x": "uint8", "y": "int32"},
            "style": "hand-written AVX-512 VNNI (dpbusd), byte-masked tail, OpenMP", "parametric": False}
