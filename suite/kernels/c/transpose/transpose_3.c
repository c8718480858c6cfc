// xpiler-suite: {"operator": "transpose", "model": "c", "entry": "default_function", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 64, "n": 4096}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}]}
/* T_transpose[4096, 64] = transpose(placeholder[64, 4096], axes=[1, 0]) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* T_transpose) {
  for (int32_t ax0_ax1_fused_outer = 0; ax0_ax1_fused_outer < 16384; ++ax0_ax1_fused_outer) {
    for (int32_t ax0_ax1_fused_inner = 0; ax0_ax1_fused_inner < 16; ++ax0_ax1_fused_inner) {
      T_transpose[((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner)] = placeholder[(((((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner) % 64) * 4096) + (((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner) / 64))];
    }
  }
  return 0;
}
