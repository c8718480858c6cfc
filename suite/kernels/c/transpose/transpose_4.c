// xpiler-suite: {"operator": "transpose", "model": "c", "entry": "default_function", "args": ["x", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 3, "n": 50257}, "launch": null, "tolerance": {"y": [0.0001, 1e-05]}}]}
/* T_transpose[50257, 3] = transpose(placeholder[3, 50257], axes=[1, 0]) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* T_transpose) {
  for (int32_t ax0_ax1_fused_outer = 0; ax0_ax1_fused_outer < 9424; ++ax0_ax1_fused_outer) {
    for (int32_t ax0_ax1_fused_inner = 0; ax0_ax1_fused_inner < 16; ++ax0_ax1_fused_inner) {
      if (((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner) < 150771) {
        T_transpose[((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner)] = placeholder[(((((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner) % 3) * 50257) + (((ax0_ax1_fused_outer * 16) + ax0_ax1_fused_inner) / 3))];
      }
    }
  }
  return 0;
}
