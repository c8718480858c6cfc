// xpiler-suite: {"operator": "msda", "model": "hip", "entry": "ms_deform_attn_forward", "args": ["value", "sampling_locations", "attention_weights", "out"], "dtypes": {}, "style": "hand-written: thread per output channel, __constant__ level tables, bilinear gather, constant sizes", "parametric": false, "inputs": {"value": "normal", "sampling_locations": "uniform:-0.05:1.05", "attention_weights": "uniform:0:0.25"}, "cases": [{"shape": {"b": 1, "q": 300, "heads": 4, "dim": 16, "points": 2, "levels": [[16, 16], [8, 8]]}, "launch": {"grid": [75, 1, 1], "block": [256, 1, 1]}, "tolerance": {"out": [0.0001, 4e-05]}}]}
#include <hip/hip_runtime.h>

constexpr int BATCH = 1, QUERIES = 300, HEADS = 4, CHANNELS = 16;
constexpr int LEVELS = 2, POINTS = 2, SPATIAL = 320;    // SPATIAL = sum of h * w over levels

__constant__ int level_shape[LEVELS * 2] = {16, 16, 8, 8};    // (h, w) per level
__constant__ int level_start[LEVELS] = {0, 256};

// value of one channel at fractional (h, w) of a (height x width) map; out-of-map corners count 0
__device__ __forceinline__ float bilinear(const float* __restrict__ v, int height, int width, float h, float w) {
  const int h_low = (int)floorf(h), w_low = (int)floorf(w);
  const int h_high = h_low + 1, w_high = w_low + 1;
  const float lh = h - h_low, lw = w - w_low;
  const float hh = 1.0f - lh, hw = 1.0f - lw;
  constexpr int stride = HEADS * CHANNELS;   // between neighbouring pixels
  float v1 = 0.0f, v2 = 0.0f, v3 = 0.0f, v4 = 0.0f;
  if (h_low >= 0 && w_low >= 0) v1 = v[(h_low * width + w_low) * stride];
  if (h_low >= 0 && w_high <= width - 1) v2 = v[(h_low * width + w_high) * stride];
  if (h_high <= height - 1 && w_low >= 0) v3 = v[(h_high * width + w_low) * stride];
  if (h_high <= height - 1 && w_high <= width - 1) v4 = v[(h_high * width + w_high) * stride];
  return hh * hw * v1 + hh * lw * v2 + lh * hw * v3 + lh * lw * v4;
}

__global__ void __launch_bounds__(256) ms_deform_attn_forward(const float* __restrict__ value,
                                                              const float* __restrict__ sampling_loc,
                                                              const float* __restrict__ attn_weight,
                                                              float* __restrict__ out) {
  constexpr int total = BATCH * QUERIES * HEADS * CHANNELS;
  for (int idx = blockIdx.x * blockDim.x + threadIdx.x; idx < total; idx += gridDim.x * blockDim.x) {
    const int c = idx % CHANNELS;
    int t = idx / CHANNELS;
    const int m = t % HEADS;
    t /= HEADS;
    const int bq = t;                          // b * QUERIES + q
    const int b = t / QUERIES;

    const float* __restrict__ vb = value + (size_t)b * SPATIAL * HEADS * CHANNELS + m * CHANNELS + c;
    int wi = (bq * HEADS + m) * LEVELS * POINTS;   // attention weight index; locations are 2 per entry
    float acc = 0.0f;
    for (int l = 0; l < LEVELS; ++l) {
      const int height = level_shape[2 * l], width = level_shape[2 * l + 1];
      const float* __restrict__ vl = vb + (size_t)level_start[l] * HEADS * CHANNELS;
      for (int p = 0; p < POINTS; ++p, ++wi) {
        const float loc_w = sampling_loc[2 * wi], loc_h = sampling_loc[2 * wi + 1];
        const float a = attn_weight[wi];
        const float h_im = loc_h * height - 0.5f;
        const float w_im = loc_w * width - 0.5f;
        if (h_im > -1.0f && w_im > -1.0f && h_im < height && w_im < width) acc += a * bilinear(vl, height, width, h_im, w_im);
      }
    }
    out[idx] = acc;                            // [b][q][head * CHANNELS + c] == idx
  }
}
