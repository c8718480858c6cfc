"""Helpers shared by the C (AVX-512 VNNI) templates (not a template: the generator skips `_` files).

- TVM-style printing: the constant-folded, fully parenthesised index arithmetic and `%e` float
  literals of TVM's C host codegen (target "c", unpacked API), and its file preamble;
- EXP512: a vectorised expf (Cephes range reduction + degree-6 polynomial) for the AVX-512 kernels.
"""


def flt(v):
    """A float literal the way TVM's C printer writes it: 1.000000e+00f."""
    return "%.6ef" % v


def affine(*terms, const=0):
    """TVM-printed sum of (expr, coef) terms plus a constant: ((a * 768) + b) ... .

    A term whose expr is None (a loop of extent 1 that TVM removed) or whose coef is 0 is dropped."""
    parts = []
    for expr, coef in terms:
        if expr is None or coef == 0:
            continue
        parts.append(expr if coef == 1 else f"({expr} * {coef})")
    if not parts:
        return str(const)
    out = parts[0]
    for p in parts[1:]:
        out = f"({out} + {p})"
    if const:
        out = f"({out} + {const})" if const > 0 else f"({out} - {-const})"
    return out


def loop(var, extent, body, indent="  "):
    """A serial TVM loop; extent-1 loops vanish (the caller passes None for their variable)."""
    if extent == 1:
        return body
    inner = "\n".join(indent + ln if ln else ln for ln in body)
    return [f"for (int32_t {var} = 0; {var} < {extent}; ++{var}) {{"] + inner.split("\n") + ["}"]


def var(name, extent):
    """The loop variable as it appears in index expressions (None when TVM folded the loop away)."""
    return None if extent == 1 else name


def tvm_function(name, params, body, comment):
    """Wrap body lines into a TVM C-codegen function (unpacked API: buffers as typed pointers)."""
    lines = "\n".join("  " + ln if ln else ln for ln in body)
    return f'''/* {comment} */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t {name}({params}) {{
{lines}
  return 0;
}}
'''


# exp for 16 floats, used by softmax / sigmoid / gelu / attention templates
EXP512 = r'''
/* e^x for 16 floats: x = k*ln2 + r with |r| <= ln2/2 (ln2 split in two for an exact k*ln2_hi),
 * e^r by Cephes' degree-6 polynomial, then scaled by 2^k (vscalefps). Max error ~2 ulp over the
 * clamped range [-87.3, 88.7]; below it the result is ~1e-38 instead of a denormal or 0. */
static inline __m512 exp512_ps(__m512 x) {
  x = _mm512_min_ps(_mm512_max_ps(x, _mm512_set1_ps(-87.33654f)), _mm512_set1_ps(88.72283f));
  const __m512 k = _mm512_roundscale_ps(_mm512_mul_ps(x, _mm512_set1_ps(1.44269504088896341f)),
                                        _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC);
  __m512 r = _mm512_fnmadd_ps(k, _mm512_set1_ps(0.693359375f), x);
  r = _mm512_fnmadd_ps(k, _mm512_set1_ps(-2.12194440e-4f), r);
  __m512 p = _mm512_set1_ps(1.9875691500e-4f);
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.3981999507e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(8.3334519073e-3f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(4.1665795894e-2f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(1.6666665459e-1f));
  p = _mm512_fmadd_ps(p, r, _mm512_set1_ps(5.0000001201e-1f));
  p = _mm512_fmadd_ps(p, _mm512_mul_ps(r, r), _mm512_add_ps(r, _mm512_set1_ps(1.0f)));
  return _mm512_scalef_ps(p, k);
}
'''
