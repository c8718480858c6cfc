// xpiler-suite: {"operator": "conv1d", "model": "c", "entry": "tvmgen_default_fused_nn_conv1d", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "c": 512, "l": 64, "f": 512, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 0.0003919183588453085]}}]}
/* conv1d_ncw[1, 512, 62] = conv1d(placeholder[1, 512, 64], placeholder1[512, 512, 3], strides=1, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t tvmgen_default_fused_nn_conv1d(float* placeholder, float* placeholder1, float* conv1d_ncw) {
  for (int32_t nn_ff_fused = 0; nn_ff_fused < 512; ++nn_ff_fused) {
    for (int32_t yy_init = 0; yy_init < 62; ++yy_init) {
      conv1d_ncw[((nn_ff_fused * 62) + yy_init)] = 0.000000e+00f;
    }
    for (int32_t rc = 0; rc < 512; ++rc) {
      for (int32_t ry = 0; ry < 3; ++ry) {
        for (int32_t yy = 0; yy < 62; ++yy) {
          conv1d_ncw[((nn_ff_fused * 62) + yy)] = (conv1d_ncw[((nn_ff_fused * 62) + yy)] + (placeholder[(((rc * 64) + yy) + ry)] * placeholder1[(((nn_ff_fused * 1536) + (rc * 3)) + ry)]));
        }
      }
    }
  }
  return 0;
}
