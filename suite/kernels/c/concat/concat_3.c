// xpiler-suite: {"operator": "concat", "model": "c", "entry": "default_function", "args": ["x", "y", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 1000, "n1": 3, "n2": 5}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
/* T_concat[1000, 8] = concatenate((placeholder[1000, 3], placeholder1[1000, 5]), axis=1) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* T_concat) {
  for (int32_t ax0 = 0; ax0 < 1000; ++ax0) {
    for (int32_t ax1 = 0; ax1 < 8; ++ax1) {
      T_concat[((ax0 * 8) + ax1)] = ((3 <= ax1) ? placeholder1[(((ax0 * 5) + ax1) - 3)] : placeholder[((ax0 * 3) + ax1)]);
    }
  }
  return 0;
}
