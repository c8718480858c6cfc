"""msda: multi-scale deformable attention (Deformable DETR) forward, hand-written in the style of the
reference ms_deform_attn_im2col CUDA kernel: a CUDA_KERNEL_LOOP grid-stride loop with one thread per
(batch, query, head, channel) output, a device bilinear-sampling helper with zero padding
(align_corners=False: pixel = loc * size - 0.5), sampling offsets and weights walked with running
pointers. The level geometry (spatial shapes, level start indices) is baked into __constant__
tables per configuration; batch, queries, heads, channels and points are runtime arguments."""


def render(s):
    levels = s["levels"]
    starts, acc = [], 0
    for h, w in levels:
        starts.append(acc)
        acc += h * w
    total = s["b"] * s["q"] * s["heads"] * s["dim"]
    threads = 256
    blocks = max(1, min((total + threads - 1) // threads, 1024))
    shapes_txt = ", ".join(f"{h}, {w}" for h, w in levels)
    starts_txt = ", ".join(str(v) for v in starts)
    source = r'''
#include <cuda_runtime.h>

#define CUDA_KERNEL_LOOP(i, n) for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += blockDim.x * gridDim.x)

#define NUM_LEVELS @NUM_LEVELS@
#define SPATIAL_SIZE @SPATIAL_SIZE@
__constant__ int c_spatial_shapes[NUM_LEVELS * 2] = {@SHAPES@};   // (h, w) per level
__constant__ int c_level_start_index[NUM_LEVELS] = {@STARTS@};

// value of one level: [spatial, heads, channels]; (h, w) in pixel units of that level.
__device__ __forceinline__ float ms_deform_attn_im2col_bilinear(const float* __restrict__ bottom_data, int height, int width,
                                                                int nheads, int channels, float h, float w, int m, int c) {
  const int h_low = floorf(h);
  const int w_low = floorf(w);
  const int h_high = h_low + 1;
  const int w_high = w_low + 1;

  const float lh = h - h_low;
  const float lw = w - w_low;
  const float hh = 1.0f - lh, hw = 1.0f - lw;

  const int w_stride = nheads * channels;
  const int h_stride = width * w_stride;
  const int h_low_ptr_offset = h_low * h_stride;
  const int h_high_ptr_offset = h_low_ptr_offset + h_stride;
  const int w_low_ptr_offset = w_low * w_stride;
  const int w_high_ptr_offset = w_low_ptr_offset + w_stride;
  const int base_ptr = m * channels + c;

  float v1 = 0.0f;
  if (h_low >= 0 && w_low >= 0) v1 = bottom_data[h_low_ptr_offset + w_low_ptr_offset + base_ptr];
  float v2 = 0.0f;
  if (h_low >= 0 && w_high <= width - 1) v2 = bottom_data[h_low_ptr_offset + w_high_ptr_offset + base_ptr];
  float v3 = 0.0f;
  if (h_high <= height - 1 && w_low >= 0) v3 = bottom_data[h_high_ptr_offset + w_low_ptr_offset + base_ptr];
  float v4 = 0.0f;
  if (h_high <= height - 1 && w_high <= width - 1) v4 = bottom_data[h_high_ptr_offset + w_high_ptr_offset + base_ptr];

  const float w1 = hh * hw, w2 = hh * lw, w3 = lh * hw, w4 = lh * lw;
  return w1 * v1 + w2 * v2 + w3 * v3 + w4 * v4;
}

// value [batch, SPATIAL_SIZE, heads, channels]; sampling_loc [batch, queries, heads, levels, points, 2] (x, y in [0, 1]);
// attn_weight [batch, queries, heads, levels, points]; out [batch, queries, heads * channels]
__global__ void ms_deformable_im2col_gpu_kernel(const float* __restrict__ data_value, const float* __restrict__ data_sampling_loc,
                                                const float* __restrict__ data_attn_weight, float* __restrict__ data_col,
                                                int batch_size, int num_query, int num_heads, int channels, int num_point) {
  const int n = batch_size * num_query * num_heads * channels;
  CUDA_KERNEL_LOOP(index, n) {
    int _temp = index;
    const int c_col = _temp % channels;
    _temp /= channels;
    const int sampling_index = _temp;           // (b, q, head)
    const int m_col = _temp % num_heads;
    _temp /= num_heads;
    _temp /= num_query;
    const int b_col = _temp;

    float col = 0.0f;
    int data_weight_ptr = sampling_index * NUM_LEVELS * num_point;
    int data_loc_w_ptr = data_weight_ptr << 1;
    const int qid_stride = num_heads * channels;
    const float* data_value_ptr = data_value + (size_t)b_col * SPATIAL_SIZE * qid_stride;

    for (int l_col = 0; l_col < NUM_LEVELS; ++l_col) {
      const int level_start_id = c_level_start_index[l_col];
      const int spatial_h = c_spatial_shapes[l_col * 2];
      const int spatial_w = c_spatial_shapes[l_col * 2 + 1];
      const float* value_level = data_value_ptr + level_start_id * qid_stride;
      for (int p_col = 0; p_col < num_point; ++p_col) {
        const float loc_w = data_sampling_loc[data_loc_w_ptr];
        const float loc_h = data_sampling_loc[data_loc_w_ptr + 1];
        const float weight = data_attn_weight[data_weight_ptr];

        const float h_im = loc_h * spatial_h - 0.5f;
        const float w_im = loc_w * spatial_w - 0.5f;
        if (h_im > -1 && w_im > -1 && h_im < spatial_h && w_im < spatial_w) {
          col += ms_deform_attn_im2col_bilinear(value_level, spatial_h, spatial_w, num_heads, channels, h_im, w_im, m_col, c_col) * weight;
        }
        data_weight_ptr += 1;
        data_loc_w_ptr += 2;
      }
    }
    data_col[index] = col;
  }
}
'''
    source = (source.replace("@NUM_LEVELS@", str(len(levels))).replace("@SPATIAL_SIZE@", str(acc))
              .replace("@SHAPES@", shapes_txt).replace("@STARTS@", starts_txt))
    return {"source": source, "entry": "ms_deformable_im2col_gpu_kernel",
            "args": ["value", "sampling_locations", "attention_weights", "out", "b", "q", "heads", "dim", "points"],
            "launch": {"grid": [blocks, 1, 1], "block": [threads, 1, 1]},
            "style": "hand-written (Deformable-DETR im2col style): CUDA_KERNEL_LOOP, bilinear helper, __constant__ level tables",
            "parametric": False}
