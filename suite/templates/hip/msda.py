"""msda (multi-scale deformable attention, Deformable DETR): hand-written in the style of the
reference ms_deform_attn_im2col kernel, fixed-size: the level shapes and level start offsets are
__constant__ tables and all other sizes constexpr. One thread per output element (b, q, head,
channel), grid-stride loop; for every level and sampling point the thread bilinearly interpolates
its channel (align_corners = False, zero padding) and accumulates with the attention weight.
Channel-fastest mapping keeps the value reads of a wavefront contiguous."""


def render(s):
    b, nq, heads, dim, points, levels = s["b"], s["q"], s["heads"], s["dim"], s["points"], s["levels"]
    starts, acc = [], 0
    for lh, lw in levels:
        starts.append(acc)
        acc += lh * lw
    total = b * nq * heads * dim
    blocks = max(1, min((total + 255) // 256, 512))
    shapes = ", ".join(f"{lh}, {lw}" for lh, lw in levels)
    source = r'''
#include <hip/hip_runtime.h>

constexpr int BATCH = $B, QUERIES = $Q, HEADS = $H, CHANNELS = $C;
constexpr int LEVELS = $L, POINTS = $P, SPATIAL = $S;    // SPATIAL = sum of h * w over levels

__constant__ int level_shape[LEVELS * 2] = {$SHAPES};    // (h, w) per level
__constant__ int level_start[LEVELS] = {$STARTS};

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
'''
    for k, v in {"$SHAPES": shapes, "$STARTS": ", ".join(map(str, starts)), "$B": b, "$Q": nq, "$H": heads,
                 "$C": dim, "$L": len(levels), "$P": points, "$S": acc}.items():
        source = source.replace(k, str(v))
    return {"source": source, "entry": "ms_deform_attn_forward",
            "args": ["value", "sampling_locations", "attention_weights", "out"],
            "launch": {"grid": [blocks, 1, 1], "block": [256, 1, 1]},
            "style": "hand-written: thread per output channel, __constant__ level tables, bilinear gather, constant sizes",
            "parametric": False}
