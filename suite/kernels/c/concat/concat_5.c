// xpiler-suite: {"operator": "concat", "model": "c", "entry": "default_function", "args": ["x", "y", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 8, "n1": 4096, "n2": 4096}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
/* T_concat[8, 8192] = concatenate((placeholder[8, 4096], placeholder1[8, 4096]), axis=1) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* T_concat) {
  for (int32_t ax0 = 0; ax0 < 8; ++ax0) {
    for (int32_t ax1 = 0; ax1 < 8192; ++ax1) {
      T_concat[((ax0 * 8192) + ax1)] = ((4096 <= ax1) ? placeholder1[(((ax0 * 4096) + ax1) - 4096)] : placeholder[((ax0 * 4096) + ax1)]);
    }
  }
  return 0;
}
