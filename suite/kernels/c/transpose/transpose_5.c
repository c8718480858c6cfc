// xpiler-suite: {"operator": "transpose", "model": "c", "entry": "default_function", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 257, "n": 129}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}]}
/* T_transpose[129, 257] = transpose(placeholder[257, 129], axes=[1, 0]) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* T_transpose) {
  for (int32_t ax0_ax1_fused_outer = 0; ax0_ax1_fused_outer < 2073; ++ax0_ax1_fused_outer) {
    for (int32_t ax0_ax1_fused_inner = 0; ax0_ax1_fused_inner < 16; ++ax0_ax1_fused_inner) {
      if (((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner) < 33153) {
        T_transpose[((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner)] = placeholder[(((((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner) % 257) * 129) + (((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner) / 257))];
      }
    }
  }
  return 0;
}
