// xpiler-suite: {"operator": "conv2d_nchw", "model": "c", "entry": "default_function", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 32, "w": 32, "c": 3, "f": 16, "kh": 5, "kw": 5, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 8.660254037844388e-05]}}]}
/* conv2d_nchw[1, 16, 28, 28] = conv2d(placeholder[1, 3, 32, 32], placeholder1[16, 3, 5, 5], strides=1, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* conv2d_nchw) {
  float conv2d_nchw_local[1];
  for (int32_t nn_ff_fused_yy_fused = 0; nn_ff_fused_yy_fused < 448; ++nn_ff_fused_yy_fused) {
    for (int32_t xx = 0; xx < 28; ++xx) {
      conv2d_nchw_local[0] = 0.000000e+00f;
      for (int32_t rc = 0; rc < 3; ++rc) {
        for (int32_t ry = 0; ry < 5; ++ry) {
          for (int32_t rx = 0; rx < 5; ++rx) {
            conv2d_nchw_local[0] = (conv2d_nchw_local[0] + (placeholder[(((((rc * 1024) + ((nn_ff_fused_yy_fused % 28) * 32)) + (ry * 32)) + xx) + rx)] * placeholder1[(((((nn_ff_fused_yy_fused / 28) * 75) + (rc * 25)) + (ry * 5)) + rx)]));
          }
        }
      }
      conv2d_nchw[((nn_ff_fused_yy_fused * 28) + xx)] = conv2d_nchw_local[0];
    }
  }
  return 0;
}
