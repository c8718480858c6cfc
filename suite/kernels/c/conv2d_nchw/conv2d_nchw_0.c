// xpiler-suite: {"operator": "conv2d_nchw", "model": "c", "entry": "default_function", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 5, "w": 5, "c": 1, "f": 1, "kh": 3, "kw": 3, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
/* conv2d_nchw[1, 1, 3, 3] = conv2d(placeholder[1, 1, 5, 5], placeholder1[1, 1, 3, 3], strides=1, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* conv2d_nchw) {
  float conv2d_nchw_local[1];
  for (int32_t nn_ff_fused_yy_fused = 0; nn_ff_fused_yy_fused < 3; ++nn_ff_fused_yy_fused) {
    for (int32_t xx = 0; xx < 3; ++xx) {
      conv2d_nchw_local[0] = 0.000000e+00f;
      for (int32_t ry = 0; ry < 3; ++ry) {
        for (int32_t rx = 0; rx < 3; ++rx) {
          conv2d_nchw_local[0] = (conv2d_nchw_local[0] + (placeholder[((((nn_ff_fused_yy_fused * 5) + (ry * 5)) + xx) + rx)] * placeholder1[((ry * 3) + rx)]));
        }
      }
      conv2d_nchw[((nn_ff_fused_yy_fused * 3) + xx)] = conv2d_nchw_local[0];
    }
  }
  return 0;
}
