// xpiler-suite: {"operator": "transpose", "model": "c", "entry": "default_function", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 1, "n": 7}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}]}
/* T_transpose[7, 1] = transpose(placeholder[1, 7], axes=[1, 0]) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* T_transpose) {
  for (int32_t ax0_ax1_fused = 0; ax0_ax1_fused < 7; ++ax0_ax1_fused) {
    T_transpose[ax0_ax1_fused] = placeholder[ax0_ax1_fused];
  }
  return 0;
}
