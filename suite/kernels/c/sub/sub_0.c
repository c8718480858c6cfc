// xpiler-suite: {"operator": "sub", "model": "c", "entry": "default_function", "args": ["x", "y", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"n": 1}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
/* T_subtract = placeholder - placeholder1, float32[1] (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* T_subtract) {
  T_subtract[0] = (placeholder[0] - placeholder1[0]);
  return 0;
}
