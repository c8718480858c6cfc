// xpiler-suite: {"operator": "conv1d", "model": "c", "entry": "tvmgen_default_fused_nn_conv1d", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "c": 1, "l": 8, "f": 1, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 1.7320508075688774e-05]}}]}
/* conv1d_ncw[1, 1, 6] = conv1d(placeholder[1, 1, 8], placeholder1[1, 1, 3], strides=1, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t tvmgen_default_fused_nn_conv1d(float* placeholder, float* placeholder1, float* conv1d_ncw) {
  for (int32_t yy_init = 0; yy_init < 6; ++yy_init) {
    conv1d_ncw[yy_init] = 0.000000e+00f;
  }
  for (int32_t ry = 0; ry < 3; ++ry) {
    for (int32_t yy = 0; yy < 6; ++yy) {
      conv1d_ncw[yy] = (conv1d_ncw[yy] + (placeholder[(yy + ry)] * placeholder1[ry]));
    }
  }
  return 0;
}
