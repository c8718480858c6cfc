// xpiler-suite: {"operator": "conv2d_nchw", "model": "c", "entry": "default_function", "args": ["x", "weight", "y"], "dtypes": {}, "style": "compiler-generated (TVM C codegen)", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 14, "w": 14, "c": 256, "f": 256, "kh": 1, "kw": 1, "stride": 1}, "launch": null, "tolerance": {"y": [0.0001, 0.00016]}}]}
/* conv2d_nchw[1, 256, 14, 14] = conv2d(placeholder[1, 256, 14, 14], placeholder1[256, 256, 1, 1], strides=1, padding=0) (TVM C codegen) */
// tvm target: c -keys=cpu
#include <math.h>
#include <stdbool.h>
#include <stdint.h>

/* TVM_DLL, expanded (TVM_EXPORTS on Linux) */
__attribute__((visibility("default"))) int32_t default_function(float* placeholder, float* placeholder1, float* conv2d_nchw) {
  float conv2d_nchw_local[1];
  for (int32_t nn_ff_fused_yy_fused = 0; nn_ff_fused_yy_fused < 3584; ++nn_ff_fused_yy_fused) {
    for (int32_t xx = 0; xx < 14; ++xx) {
      conv2d_nchw_local[0] = 0.000000e+00f;
      for (int32_t rc = 0; rc < 256; ++rc) {
        conv2d_nchw_local[0] = (conv2d_nchw_local[0] + (placeholder[(((rc * 196) + ((nn_ff_fused_yy_fused % 14) * 14)) + xx)] * placeholder1[(((nn_ff_fused_yy_fused / 14) * 256) + rc)]));
      }
      conv2d_nchw[((nn_ff_fused_yy_fused * 14) + xx)] = conv2d_nchw_local[0];
    }
  }
  return 0;
}
