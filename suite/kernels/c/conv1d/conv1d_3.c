// xpiler-suite: {"operator": "conv1d", "model": "c", "entry": "tvmgen_default_fused_nn_conv1d", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 8, "c": 64, "l": 128, "f": 64, "kw": 7, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 0.00021166010488516727]}}]}
/* conv1d_ncw[8, 64, 122] = conv1d(placeholder[8, 64, 128], placeholder1[64, 64, 7], strides=1, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t tvmgen_default_fused_nn_conv1d(float* placeholder, float* placeholder1, float* conv1d_ncw) {
  for (int32_t nn_ff_fused = 0; nn_ff_fused < 512; ++nn_ff_fused) {
    for (int32_t yy_init = 0; yy_init < 122; ++yy_init) {
      conv1d_ncw[((nn_ff_fused * 122) + yy_init)] = 0.000000e+00f;
    }
    for (int32_t rc = 0; rc < 64; ++rc) {
      for (int32_t ry = 0; ry < 7; ++ry) {
        for (int32_t yy = 0; yy < 122; ++yy) {
          conv1d_ncw[((nn_ff_fused * 122) + yy)] = (conv1d_ncw[((nn_ff_fused * 122) + yy)] + (placeholder[(((((nn_ff_fused / 64) * 8192) + (rc * 128)) + yy) + ry)] * placeholder1[((((nn_ff_fused % 64) * 448) + (rc * 7)) + ry)]));
        }
      }
    }
  }
  return 0;
}
