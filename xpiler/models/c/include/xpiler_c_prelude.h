/* Xpiler, C (AVX-512 VNNI) model: force-included before every C or C++ source of this model (and
 * the engine runtime, compiled as C++), so it must stay valid in both languages. Entry points are
 * ordinary functions; nothing is rewritten. XPILER_VNNI_NATIVE or XPILER_VNNI_SIMDE (defined on
 * the command line) says which path the build took. */
#ifndef XPILER_C_PRELUDE_H
#define XPILER_C_PRELUDE_H
#define XPILER_MODEL_C 1
#endif
