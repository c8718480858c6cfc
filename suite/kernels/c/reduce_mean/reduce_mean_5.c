// xpiler-suite: {"operator": "reduce_mean", "model": "c", "entry": "default_function", "args": ["x", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 257, "n": 129}, "launch": null, "tolerance": {"out": [0.0001, 0.00011357816691600547]}}]}
/* T_divide = mean(placeholder, axis=1), placeholder float32[257, 129] (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* T_divide) {
  float placeholder_red[257];
  for (int32_t ax0 = 0; ax0 < 257; ++ax0) {
    placeholder_red[ax0] = 0.000000e+00f;
    for (int32_t k1 = 0; k1 < 129; ++k1) {
      placeholder_red[ax0] = (placeholder_red[ax0] + placeholder[((ax0 * 129) + k1)]);
    }
  }
  for (int32_t ax0_1 = 0; ax0_1 < 257; ++ax0_1) {
    T_divide[ax0_1] = (placeholder_red[ax0_1] / 1.290000e+02f);
  }
  return 0;
}
