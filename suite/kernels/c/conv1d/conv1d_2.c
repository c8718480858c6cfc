// xpiler-suite: {"operator": "conv1d", "model": "c", "entry": "tvmgen_default_fused_nn_conv1d", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "c": 256, "l": 1000, "f": 256, "kw": 5, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 0.0003577708763999664]}}]}
/* conv1d_ncw[1, 256, 498] = conv1d(placeholder[1, 256, 1000], placeholder1[256, 256, 5], strides=2, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t tvmgen_default_fused_nn_conv1d(float* placeholder, float* placeholder1, float* conv1d_ncw) {
  for (int32_t nn_ff_fused = 0; nn_ff_fused < 256; ++nn_ff_fused) {
    for (int32_t yy_init = 0; yy_init < 498; ++yy_init) {
      conv1d_ncw[((nn_ff_fused * 498) + yy_init)] = 0.000000e+00f;
    }
    for (int32_t rc = 0; rc < 256; ++rc) {
      for (int32_t ry = 0; ry < 5; ++ry) {
        for (int32_t yy = 0; yy < 498; ++yy) {
          conv1d_ncw[((nn_ff_fused * 498) + yy)] = (conv1d_ncw[((nn_ff_fused * 498) + yy)] + (placeholder[(((rc * 1000) + (yy * 2)) + ry)] * placeholder1[(((nn_ff_fused * 1280) + (rc * 5)) + ry)]));
        }
      }
    }
  }
  return 0;
}
