// xpiler-suite: {"operator": "concat", "model": "c", "entry": "default_function", "args": ["x", "y", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 64, "n1": 256, "n2": 128}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
/* T_concat[64, 384] = concatenate((placeholder[64, 256], placeholder1[64, 128]), axis=1) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* T_concat) {
  for (int32_t ax0 = 0; ax0 < 64; ++ax0) {
    for (int32_t ax1 = 0; ax1 < 384; ++ax1) {
      T_concat[((ax0 * 384) + ax1)] = ((256 <= ax1) ? placeholder1[(((ax0 * 128) + ax1) - 256)] : placeholder[((ax0 * 256) + ax1)]);
    }
  }
  return 0;
}
