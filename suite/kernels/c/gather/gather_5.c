// xpiler-suite: {"operator": "gather", "model": "c", "entry": "default_function", "args": ["table", "idx", "out"], "dtypes": {"idx": "int32"}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"table": "normal", "idx": "index:v"}, "cases": [{"shape": {"v": 8, "d": 4096, "m": 8}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
/* T_take[8, 4096] = take(placeholder[8, 4096], placeholder1[8], axis=0, mode=fast) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, int32_t* placeholder1, float* T_take) {
  for (int32_t ax0_ax1_fused = 0; ax0_ax1_fused < 32768; ++ax0_ax1_fused) {
    T_take[ax0_ax1_fused] = placeholder[((((int32_t)placeholder1[(ax0_ax1_fused / 4096)]) * 4096) + (ax0_ax1_fused % 4096))];
  }
  return 0;
}
