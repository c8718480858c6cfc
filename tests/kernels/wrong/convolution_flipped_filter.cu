// xpiler-suite: {"operator": "conv2d_nhwc", "model": "cuda", "entry": "k", "args": ["x", "weight", "y"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"x": "normal", "weight": "normal"}, "cases": [{"shape": {"n": 1, "h": 5, "w": 5, "c": 1, "f": 1, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [1, 1, 1], "block": [9, 1, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
// BUG: the filter is applied flipped (true convolution instead of cross-correlation)
__global__ void k(const float* x, const float* w, float* y) {
  int o = threadIdx.x, oh = o / 3, ow = o % 3;
  float acc = 0.0f;
  for (int i = 0; i < 3; ++i)
    for (int j = 0; j < 3; ++j) acc += x[(oh + i) * 5 + ow + j] * w[(2 - i) * 3 + (2 - j)];
  y[o] = acc;
}
