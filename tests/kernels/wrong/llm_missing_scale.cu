// xpiler-suite: {"operator": "mha", "model": "cuda", "entry": "k", "args": ["q", "k", "v", "out"], "dtypes": {}, "style": "deliberately wrong", "parametric": false, "inputs": {"q": "normal", "k": "normal", "v": "normal"}, "cases": [{"shape": {"b": 3, "heads": 2, "seq": 50, "dim": 32}, "launch": {"grid": [6, 1, 1], "block": [50, 1, 1]}, "tolerance": {"out": [0.0001, 0.0004]}}]}
// BUG: scores are not scaled by 1/sqrt(dim)
__global__ void k(const float* q, const float* kk, const float* v, float* out) {
  int bh = blockIdx.x, i = threadIdx.x;
  const float* Q = q + (bh * 50 + i) * 32;
  float s[50], mx = -INFINITY, sum = 0.0f;
  for (int j = 0; j < 50; ++j) {
    float d = 0.0f;
    for (int t = 0; t < 32; ++t) d += Q[t] * kk[(bh * 50 + j) * 32 + t];
    s[j] = d; mx = fmaxf(mx, d);
  }
  for (int j = 0; j < 50; ++j) { s[j] = expf(s[j] - mx); sum += s[j]; }
  for (int t = 0; t < 32; ++t) {
    float acc = 0.0f;
    for (int j = 0; j < 50; ++j) acc += s[j] * v[(bh * 50 + j) * 32 + t];
    out[(bh * 50 + i) * 32 + t] = acc / sum;
  }
}
