// xpiler-suite: {"operator": "gemm", "model": "cuda", "entry": "k", "args": ["a", "b", "c", "m", "n", "k"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"a": "normal", "b": "normal"}, "cases": [{"shape": {"m": 50, "n": 130, "k": 70}, "launch": {"grid": [9, 4, 1], "block": [16, 16, 1]}, "tolerance": {"c": [0.0001, 8.366600265340756e-05]}}]}
// BUG: B is read as if it were stored [N][K]
__global__ void k(const float* a, const float* b, float* c, int m, int n, int kd) {
  int row = blockIdx.y * 16 + threadIdx.y, col = blockIdx.x * 16 + threadIdx.x;
  if (row >= m || col >= n) return;
  float acc = 0.0f;
  for (int t = 0; t < kd; ++t) acc += a[row * kd + t] * b[col * kd + t];
  c[row * n + col] = acc;
}
