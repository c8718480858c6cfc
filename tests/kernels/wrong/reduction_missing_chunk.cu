// xpiler-suite: {"operator": "reduce_sum", "model": "cuda", "entry": "k", "args": ["x", "out", "m", "n"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"x": "normal"}, "cases": [{"shape": {"m": 32, "n": 1000}, "launch": {"grid": [32, 1, 1], "block": [128, 1, 1]}, "tolerance": {"out": [0.0001, 0.00031622776601683794]}}]}
// BUG: the strided loop starts one chunk late, so x[row][0..127] are never added
__global__ void k(const float* x, float* out, int m, int n) {
  __shared__ float s[128];
  int row = blockIdx.x;
  float acc = 0.0f;
  for (int j = threadIdx.x + 128; j < n; j += 128) acc += x[row * n + j];
  s[threadIdx.x] = acc;
  __syncthreads();
  for (int w = 64; w > 0; w >>= 1) { if (threadIdx.x < w) s[threadIdx.x] += s[threadIdx.x + w]; __syncthreads(); }
  if (threadIdx.x == 0) out[row] = s[0];
}
