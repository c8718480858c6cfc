// xpiler-suite: {"operator": "conv1d", "model": "c", "entry": "tvmgen_default_fused_nn_conv1d", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 4, "c": 80, "l": 300, "f": 128, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 0.0001549193338482967]}}]}
/* conv1d_ncw[4, 128, 298] = conv1d(placeholder[4, 80, 300], placeholder1[128, 80, 3], strides=1, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t tvmgen_default_fused_nn_conv1d(float* placeholder, float* placeholder1, float* conv1d_ncw) {
  for (int32_t nn_ff_fused = 0; nn_ff_fused < 512; ++nn_ff_fused) {
    for (int32_t yy_init = 0; yy_init < 298; ++yy_init) {
      conv1d_ncw[((nn_ff_fused * 298) + yy_init)] = 0.000000e+00f;
    }
    for (int32_t rc = 0; rc < 80; ++rc) {
      for (int32_t ry = 0; ry < 3; ++ry) {
        for (int32_t yy = 0; yy < 298; ++yy) {
          conv1d_ncw[((nn_ff_fused * 298) + yy)] = (conv1d_ncw[((nn_ff_fused * 298) + yy)] + (placeholder[(((((nn_ff_fused / 128) * 24000) + (rc * 300)) + yy) + ry)] * placeholder1[((((nn_ff_fused % 128) * 240) + (rc * 3)) + ry)]));
        }
      }
    }
  }
  return 0;
}
