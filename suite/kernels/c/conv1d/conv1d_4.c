// xpiler-suite: {"operator": "conv1d", "model": "c", "entry": "tvmgen_default_fused_nn_conv1d", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 2, "c": 13, "l": 97, "f": 17, "kw": 4, "stride": 3}, "launch": null, "tolerance": {"y": [0.0001, 7.211102550927979e-05]}}]}
/* conv1d_ncw[2, 17, 32] = conv1d(placeholder[2, 13, 97], placeholder1[17, 13, 4], strides=3, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t tvmgen_default_fused_nn_conv1d(float* placeholder, float* placeholder1, float* conv1d_ncw) {
  for (int32_t nn_ff_fused = 0; nn_ff_fused < 34; ++nn_ff_fused) {
    for (int32_t yy_init = 0; yy_init < 32; ++yy_init) {
      conv1d_ncw[((nn_ff_fused * 32) + yy_init)] = 0.000000e+00f;
    }
    for (int32_t rc = 0; rc < 13; ++rc) {
      for (int32_t ry = 0; ry < 4; ++ry) {
        for (int32_t yy = 0; yy < 32; ++yy) {
          conv1d_ncw[((nn_ff_fused * 32) + yy)] = (conv1d_ncw[((nn_ff_fused * 32) + yy)] + (placeholder[(((((nn_ff_fused / 17) * 1261) + (rc * 97)) + (yy * 3)) + ry)] * placeholder1[((((nn_ff_fused % 17) * 52) + (rc * 4)) + ry)]));
        }
      }
    }
  }
  return 0;
}
