// xpiler-suite: {"operator": "reduce_mean", "model": "c", "entry": "default_function", "args": ["x", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": null, "tolerance": {"out": [0.0001, 2.645751311064591e-05]}}]}
/* T_divide = mean(placeholder, axis=1), placeholder float32[1, 7] (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* T_divide) {
  float placeholder_red[1];
  placeholder_red[0] = 0.000000e+00f;
  for (int32_t k1 = 0; k1 < 7; ++k1) {
    placeholder_red[0] = (placeholder_red[0] + placeholder[k1]);
  }
  T_divide[0] = (placeholder_red[0] / 7.000000e+00f);
  return 0;
}
