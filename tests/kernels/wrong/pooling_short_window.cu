// xpiler-suite: {"operator": "maxpool", "model": "cuda", "entry": "k", "args": ["x", "y"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 3, "h": 17, "w": 23, "c": 13, "kh": 3, "kw": 3, "stride": 1}, "launch": {"grid": [3, 15, 1], "block": [21, 13, 1]}, "tolerance": {"y": [0.0001, 3.0000000000000004e-05]}}]}
// BUG: the window loop stops one row short
__global__ void k(const float* x, float* y) {
  int n = blockIdx.x, oh = blockIdx.y, ow = threadIdx.x, c = threadIdx.y;
  float m = -INFINITY;
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j) m = fmaxf(m, x[((n * 17 + oh + i) * 23 + ow + j) * 13 + c]);
  y[((n * 15 + oh) * 21 + ow) * 13 + c] = m;
}
