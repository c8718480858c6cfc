// xpiler-suite: {"operator": "conv2d_nchw", "model": "c", "entry": "default_function", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 3, "h": 19, "w": 23, "c": 7, "f": 9, "kh": 3, "kw": 2, "stride": 2}, "launch": null, "tolerance": {"y": [0.0001, 6.48074069840786e-05]}}]}
/* conv2d_nchw[3, 9, 9, 11] = conv2d(placeholder[3, 7, 19, 23], placeholder1[9, 7, 3, 2], strides=2, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* conv2d_nchw) {
  float conv2d_nchw_local[1];
  for (int32_t nn_ff_fused_yy_fused = 0; nn_ff_fused_yy_fused < 243; ++nn_ff_fused_yy_fused) {
    for (int32_t xx = 0; xx < 11; ++xx) {
      conv2d_nchw_local[0] = 0.000000e+00f;
      for (int32_t rc = 0; rc < 7; ++rc) {
        for (int32_t ry = 0; ry < 3; ++ry) {
          for (int32_t rx = 0; rx < 2; ++rx) {
            conv2d_nchw_local[0] = (conv2d_nchw_local[0] + (placeholder[(((((((nn_ff_fused_yy_fused / 81) * 3059) + (rc * 437)) + ((nn_ff_fused_yy_fused % 9) * 46)) + (ry * 23)) + (xx * 2)) + rx)] * placeholder1[((((((nn_ff_fused_yy_fused / 9) % 9) * 42) + (rc * 6)) + (ry * 2)) + rx)]));
          }
        }
      }
      conv2d_nchw[((nn_ff_fused_yy_fused * 11) + xx)] = conv2d_nchw_local[0];
    }
  }
  return 0;
}
