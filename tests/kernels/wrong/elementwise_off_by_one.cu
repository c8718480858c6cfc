// xpiler-suite: {"operator": "add", "model": "cuda", "entry": "k", "args": ["x", "y", "out", "n"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"x": "normal", "y": "normal"}, "cases": [{"shape": {"n": 1000}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
// BUG: the bound drops the last element
__global__ void k(const float* x, const float* y, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n - 1) out[i] = x[i] + y[i];
}
