// xpiler-suite: {"operator": "conv2d_nchw", "model": "c", "entry": "default_function", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 56, "w": 56, "c": 64, "f": 64, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 0.00024000000000000003]}}]}
/* conv2d_nchw[1, 64, 54, 54] = conv2d(placeholder[1, 64, 56, 56], placeholder1[64, 64, 3, 3], strides=1, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* conv2d_nchw) {
  float conv2d_nchw_local[1];
  for (int32_t nn_ff_fused_yy_fused = 0; nn_ff_fused_yy_fused < 3456; ++nn_ff_fused_yy_fused) {
    for (int32_t xx = 0; xx < 54; ++xx) {
      conv2d_nchw_local[0] = 0.000000e+00f;
      for (int32_t rc = 0; rc < 64; ++rc) {
        for (int32_t ry = 0; ry < 3; ++ry) {
          for (int32_t rx = 0; rx < 3; ++rx) {
            conv2d_nchw_local[0] = (conv2d_nchw_local[0] + (placeholder[(((((rc * 3136) + ((nn_ff_fused_yy_fused % 54) * 56)) + (ry * 56)) + xx) + rx)] * placeholder1[(((((nn_ff_fused_yy_fused / 54) * 576) + (rc * 9)) + (ry * 3)) + rx)]));
          }
        }
      }
      conv2d_nchw[((nn_ff_fused_yy_fused * 54) + xx)] = conv2d_nchw_local[0];
    }
  }
  return 0;
}
