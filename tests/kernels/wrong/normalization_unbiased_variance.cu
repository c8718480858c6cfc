// xpiler-suite: {"operator": "layernorm", "model": "cuda", "entry": "k", "args": ["x", "gamma", "beta", "y", "m", "n"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"x": "normal", "gamma": "normal", "beta": "normal"}, "cases": [{"shape": {"m": 8, "n": 768}, "launch": {"grid": [8, 1, 1], "block": [32, 1, 1]}, "tolerance": {"y": [0.0001, 0.0002771281292110204]}}]}
// BUG: divides the variance by n - 1
__global__ void k(const float* x, const float* g, const float* b, float* y, int m, int n) {
  const float* r = x + blockIdx.x * n;
  float s = 0.0f, s2 = 0.0f;
  for (int j = threadIdx.x; j < n; j += 32) s += r[j];
  for (int o = 16; o > 0; o >>= 1) s += __shfl_xor_sync(0xffffffffu, s, o);
  float mean = s / n;
  for (int j = threadIdx.x; j < n; j += 32) { float d = r[j] - mean; s2 += d * d; }
  for (int o = 16; o > 0; o >>= 1) s2 += __shfl_xor_sync(0xffffffffu, s2, o);
  float inv = rsqrtf(s2 / (n - 1) + 1e-5f);
  for (int j = threadIdx.x; j < n; j += 32) y[blockIdx.x * n + j] = (r[j] - mean) * inv * g[j] + b[j];
}
