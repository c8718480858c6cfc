// xpiler-suite: {"operator": "concat", "model": "c", "entry": "default_function", "args": ["x", "y", "out"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"m": 128, "n1": 768, "n2": 768}, "launch": null, "tolerance": {"out": [0.0001, 1e-05]}}]}
/* T_concat[128, 1536] = concatenate((placeholder[128, 768], placeholder1[128, 768]), axis=1) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* T_concat) {
  for (int32_t ax0 = 0; ax0 < 128; ++ax0) {
    for (int32_t ax1 = 0; ax1 < 1536; ++ax1) {
      T_concat[((ax0 * 1536) + ax1)] = ((768 <= ax1) ? placeholder1[(((ax0 * 768) + ax1) - 768)] : placeholder[((ax0 * 768) + ax1)]);
    }
  }
  return 0;
}
