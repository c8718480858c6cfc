// xpiler-suite: {"operator": "reduce_mean", "model": "c", "entry": "default_function", "args": ["x", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 64, "n": 4096}, "launch": null, "tolerance": {"out": [0.0001, 0.00064]}}]}
/* T_divide = mean(placeholder, axis=1), placeholder float32[64, 4096] (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* T_divide) {
  float placeholder_red[64];
  for (int32_t ax0 = 0; ax0 < 64; ++ax0) {
    placeholder_red[ax0] = 0.000000e+00f;
    for (int32_t k1 = 0; k1 < 4096; ++k1) {
      placeholder_red[ax0] = (placeholder_red[ax0] + placeholder[((ax0 * 4096) + k1)]);
    }
  }
  for (int32_t ax0_1 = 0; ax0_1 < 64; ++ax0_1) {
    T_divide[ax0_1] = (placeholder_red[ax0_1] / 4.096000e+03f);
  }
  return 0;
}
