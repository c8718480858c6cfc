// xpiler-suite: {"operator": "sub", "model": "c", "entry": "default_function", "args": ["x", "y", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"n": 50257}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
/* T_subtract = placeholder - placeholder1, float32[50257] (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* T_subtract) {
  for (int32_t ax0_outer = 0; ax0_outer < 3142; ++ax0_outer) {
    for (int32_t ax0_inner = 0; ax0_inner < 16; ++ax0_inner) {
      if (((ax0_outer * 16) + ax0_inner) < 50257) {
        T_subtract[((ax0_outer * 16) + ax0_inner)] = (placeholder[((ax0_outer * 16) + ax0_inner)] - placeholder1[((ax0_outer * 16) + ax0_inner)]);
      }
    }
  }
  return 0;
}
