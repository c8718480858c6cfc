// xpiler-suite: {"operator": "conv2d_nchw", "model": "c", "entry": "default_function", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 2, "h": 28, "w": 28, "c": 128, "f": 128, "kh": 3, "kw": 3, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 0.0003394112549695428]}}]}
/* conv2d_nchw[2, 128, 13, 13] = conv2d(placeholder[2, 128, 28, 28], placeholder1[128, 128, 3, 3], strides=2, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* conv2d_nchw) {
  float conv2d_nchw_local[1];
  for (int32_t nn_ff_fused_yy_fused = 0; nn_ff_fused_yy_fused < 3328; ++nn_ff_fused_yy_fused) {
    for (int32_t xx = 0; xx < 13; ++xx) {
      conv2d_nchw_local[0] = 0.000000e+00f;
      for (int32_t rc = 0; rc < 128; ++rc) {
        for (int32_t ry = 0; ry < 3; ++ry) {
          for (int32_t rx = 0; rx < 3; ++rx) {
            conv2d_nchw_local[0] = (conv2d_nchw_local[0] + (placeholder[(((((((nn_ff_fused_yy_fused / 1664) * 100352) + (rc * 784)) + ((nn_ff_fused_yy_fused % 13) * 56)) + (ry * 28)) + (xx * 2)) + rx)] * placeholder1[((((((nn_ff_fused_yy_fused / 13) % 128) * 1152) + (rc * 9)) + (ry * 3)) + rx)]));
          }
        }
      }
      conv2d_nchw[((nn_ff_fused_yy_fused * 13) + xx)] = conv2d_nchw_local[0];
    }
  }
  return 0;
}
