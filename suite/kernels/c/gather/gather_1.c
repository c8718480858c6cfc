// xpiler-suite: {"operator": "gather", "model": "c", "entry": "default_function", "args": ["table", "idx", "out"], "dtypes": {"idx": "int32"}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"table": "normal", "idx": "index:v"}, "cases": [{"shape": {"v": 32000, "d": 64, "m": 128}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
/* T_take[128, 64] = take(placeholder[32000, 64], placeholder1[128], axis=0, mode=fast) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, int32_t* placeholder1, float* T_take) {
  for (int32_t ax0_ax1_fused = 0; ax0_ax1_fused < 8192; ++ax0_ax1_fused) {
    T_take[ax0_ax1_fused] = placeholder[((((int32_t)placeholder1[(ax0_ax1_fused / 64)]) * 64) + (ax0_ax1_fused % 64))];
  }
  return 0;
}
