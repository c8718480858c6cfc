/* Xpiler, C (AVX-512 VNNI) model, SIMDe path: stands in for the compiler's <immintrin.h>.
 *
 * This folder is on the include path only when the engine takes the SIMDe path (the CPU lacks
 * AVX-512 VNNI, or vnni_path="simde" / XPILER_VNNI_PATH=simde). Unmodified sources that include
 * <immintrin.h> (or <x86intrin.h>, <emmintrin.h>, ...) then get SIMDe's portable implementations
 * under the Intel spellings. The engine defines SIMDE_NO_NATIVE on this path, so SIMDe never calls
 * a real instruction and the same portable code runs on every host.
 *
 * xpiler_simde_compat.h adds what Debian's SIMDe 0.7.4 lacks (reductions, conversions, masked
 * loads/stores, ...) and corrects where its portable code differs from the hardware (dpwssds
 * saturation, fused multiply-add). The native path never sees this folder.
 */
#ifndef XPILER_SIMDE_IMMINTRIN_H
#define XPILER_SIMDE_IMMINTRIN_H

#if defined(__has_include)
#  if (defined(__x86_64__) || defined(__i386__)) && __has_include(<x86gprintrin.h>)
#    include <x86gprintrin.h> /* scalar helpers (_tzcnt_u32, _popcnt32, __rdtsc, ...): no vector types */
#  endif
#  if __has_include(<mm_malloc.h>)
#    include <mm_malloc.h>    /* _mm_malloc / _mm_free */
#  endif
#endif

#ifndef SIMDE_ENABLE_NATIVE_ALIASES
#  define SIMDE_ENABLE_NATIVE_ALIASES
#endif
#include <simde/x86/avx512.h>
#include <simde/x86/fma.h>
#include <simde/x86/f16c.h>

#include "xpiler_simde_compat.h"

#endif /* XPILER_SIMDE_IMMINTRIN_H */
