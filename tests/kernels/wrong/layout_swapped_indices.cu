// xpiler-suite: {"operator": "transpose", "model": "cuda", "entry": "k", "args": ["x", "y", "m", "n"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 32, "n": 1000}, "launch": {"grid": [32, 1, 1], "block": [256, 1, 1]}, "tolerance": {"y": [0.0001, 1e-05]}}]}
// BUG: a plain copy: the output index uses the input's layout
__global__ void k(const float* x, float* y, int m, int n) {
  int r = blockIdx.x;
  for (int c = threadIdx.x; c < n; c += blockDim.x) y[r * n + c] = x[r * n + c];
}
