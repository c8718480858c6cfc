// xpiler-suite: {"operator": "sigmoid", "model": "cuda", "entry": "k", "args": ["x", "out", "n"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"n": 1000}, "launch": {"grid": [4, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 1e-05]}}]}
// BUG: exp(x) instead of exp(-x)
__global__ void k(const float* x, float* out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = 1.0f / (1.0f + __expf(x[i]));
}
