"""reduce_min over the last axis of [m, n]: TVM-generated style, fixed-size. One block per row; the
block-wide allreduce is TVM's two-stage form: a warp-shuffle reduction per warp, warp results staged
through shared memory (red_buf_staging), then a second warp reduction. Sizes constant-folded; short
rows get a one-warp schedule."""


def render(shape):
    m, n = shape["m"], shape["n"]
    threads = 256 if n >= 256 else 32
    warps = threads // 32
    k_outer = (n + threads - 1) // threads
    idx_terms = (["(((int)blockIdx.x) * %d)" % n] if m > 1 else []) + \
                (["(k1_outer * %d)" % threads] if k_outer > 1 else []) + ["((int)threadIdx.x)"]
    idx = idx_terms[0]
    for t in idx_terms[1:]:
        idx = f"({idx} + {t})"
    stmt = f"normal_reduce_temp0[0] = min(normal_reduce_temp0[0], placeholder[{idx}]);"
    if k_outer * threads != n:
        col = f"((k1_outer * {threads}) + ((int)threadIdx.x))" if k_outer > 1 else "((int)threadIdx.x)"
        stmt = f"if ({col} < {n}) {{\n      {stmt}\n    }}" if k_outer > 1 else f"if ({col} < {n}) {{\n    {stmt}\n  }}"
    if k_outer > 1:
        stmt = f"for (int k1_outer = 0; k1_outer < {k_outer}; ++k1_outer) {{\n    {stmt}\n  }}"

    def warp_reduce(buf, t, mask, width_offsets):
        return "\n".join(f"  {t}[0] = __shfl_down_sync({mask}[0], {buf}[0], {o}, 32);\n"
                         f"  {buf}[0] = min({buf}[0], {t}[0]);" for o in width_offsets)

    out_idx = "((int)blockIdx.x)" if m > 1 else "0"
    if warps == 1:
        tail = f'''  uint mask[1];
  float t0[1];
  red_buf0[0] = normal_reduce_temp0[0];
  mask[0] = __activemask();
{warp_reduce("red_buf0", "t0", "mask", (16, 8, 4, 2, 1))}
  red_buf0[0] = __shfl_sync(mask[0], red_buf0[0], 0, 32);
  if (((int)threadIdx.x) == 0) {{
    placeholder_red[{out_idx}] = red_buf0[0];
  }}'''
        decls = "  float red_buf0[1];"
    else:
        offs2 = [o for o in (16, 8, 4, 2, 1) if o < warps]
        second = "\n".join("  " + ln for ln in warp_reduce("red_buf0_1", "t0_1", "mask_1", offs2).split("\n"))
        tail = f'''  uint mask[1];
  float t0[1];
  red_buf0[0] = normal_reduce_temp0[0];
  mask[0] = __activemask();
{warp_reduce("red_buf0", "t0", "mask", (16, 8, 4, 2, 1))}
  if ((((int)threadIdx.x) % 32) == 0) {{
    red_buf_staging[(((int)threadIdx.x) >> 5)] = red_buf0[0];
  }}
  __syncthreads();
  if (((int)threadIdx.x) < 32) {{
    red_buf0_1[0] = ((((int)threadIdx.x) < {warps}) ? red_buf_staging[((int)threadIdx.x)] : 3.402823e+38f);
    uint mask_1[1];
    float t0_1[1];
    mask_1[0] = __activemask();
{second}
    if (((int)threadIdx.x) == 0) {{
      placeholder_red[{out_idx}] = red_buf0_1[0];
    }}
  }}'''
        decls = f"  __shared__ float red_buf_staging[{warps}];\n  float red_buf0_1[1];\n  float red_buf0[1];"
    source = f'''
#include <cuda_runtime.h>

extern "C" __global__ void __launch_bounds__({threads}) default_function_kernel(float* __restrict__ placeholder, float* __restrict__ placeholder_red) {{
  float normal_reduce_temp0[1];
{decls}
  normal_reduce_temp0[0] = 3.402823e+38f;
  {stmt}
{tail}
}}
'''
    return {"source": source, "entry": "default_function_kernel", "args": ["x", "out"],
            "launch": {"grid": [m, 1, 1], "block": [threads, 1, 1]},
            "style": "compiler-generated (TVM): block allreduce (warp shuffle + red_buf_staging), constant sizes",
            "parametric": False}
