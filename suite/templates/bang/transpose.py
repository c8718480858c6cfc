"""transpose y[n,m] = x[m,n]^T: compiler-generated style BANG C for dynamic shapes (m, n are arguments).

Lowered like a tensor compiler's tiled transpose with symbolic extents: the (i, j) tile loops are
fused and bound to taskId round-robin, the trip count and the tail extents are closed-form
expressions in m and n (`(m + 127) >> 7`), and every copy is a strided 2-D __memcpy: a 128 x 128
tile of x comes into NRAM packed ([rows][cols], source stride n), __bang_transpose turns it into
[cols][rows], and it leaves with destination stride m."""


def render(shape):
    source = r'''
#include <bang.h>

__nram__ float x_local[16384];
__nram__ float x_local_T[16384];

extern "C" __mlu_global__ void transpose_kernel0(float* __restrict__ x, float* __restrict__ T_transpose, int m,
                                                 int n) {
  for (int i_j_fused_outer = 0; i_j_fused_outer < (((((m + 127) >> 7) * ((n + 127) >> 7)) + 15) >> 4);
       ++i_j_fused_outer) {
    if (((i_j_fused_outer * 16) + ((int)taskId)) < (((m + 127) >> 7) * ((n + 127) >> 7))) {
      int i_outer = (((i_j_fused_outer * 16) + ((int)taskId)) / ((n + 127) >> 7));
      int j_outer = (((i_j_fused_outer * 16) + ((int)taskId)) % ((n + 127) >> 7));
      int i_inner_ext = (((m - (i_outer * 128)) < 128) ? (m - (i_outer * 128)) : 128);
      int j_inner_ext = (((n - (j_outer * 128)) < 128) ? (n - (j_outer * 128)) : 128);
      __memcpy(((float *)x_local), ((float *)x + (((i_outer * 128) * n) + (j_outer * 128))), (j_inner_ext * 4),
               GDRAM2NRAM, (j_inner_ext * 4), (n * 4), (i_inner_ext - 1));
      __bang_transpose(((float *)x_local_T), ((float *)x_local), i_inner_ext, j_inner_ext);
      __memcpy(((float *)T_transpose + (((j_outer * 128) * m) + (i_outer * 128))), ((float *)x_local_T),
               (i_inner_ext * 4), NRAM2GDRAM, (m * 4), (i_inner_ext * 4), (j_inner_ext - 1));
    }
  }
}
'''
    return {"source": source, "entry": "transpose_kernel0", "args": ["x", "y", "m", "n"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated (dynamic shape): fused tile loop bound to taskId, symbolic extents, "
                     "__bang_transpose on 128x128 tiles with strided 2-D __memcpy",
            "parametric": True}
