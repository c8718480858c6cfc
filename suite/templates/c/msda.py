"""multi-scale deformable attention (Deformable DETR's ms_deform_attn forward): hand-written plain C,
fixed-size: the level shapes and their start offsets are static const tables, the other extents
#defines. Bilinear sampling with align_corners=False and zero padding: a corner outside the level
contributes nothing. OpenMP over (batch, query)."""


def render(shape):
    b, q, heads, d, pts = (shape[k] for k in ("b", "q", "heads", "dim", "points"))
    levels = shape["levels"]
    starts, acc = [], 0
    for h, w in levels:
        starts.append(acc)
        acc += h * w
    nl = len(levels)
    hs = ", ".join(str(h) for h, _ in levels)
    ws = ", ".join(str(w) for _, w in levels)
    st = ", ".join(str(s) for s in starts)
    source = f'''
#include <math.h>
#include <string.h>

#define B {b}
#define Q {q}
#define HEADS {heads}
#define DIM {d}
#define LEVELS {nl}
#define POINTS {pts}
#define LEN_V {acc}                                      /* sum of H_l * W_l */

static const int level_h[LEVELS] = {{{hs}}};
static const int level_w[LEVELS] = {{{ws}}};
static const int level_start[LEVELS] = {{{st}}};

/* value [B][LEN_V][HEADS][DIM], loc [B][Q][HEADS][LEVELS][POINTS][2] (x, y in [0, 1]),
 * attn [B][Q][HEADS][LEVELS][POINTS], out [B][Q][HEADS * DIM] */
void msda_forward(const float* value, const float* loc, const float* attn, float* out) {{
#pragma omp parallel for collapse(2) schedule(static)
  for (int bi = 0; bi < B; ++bi)
    for (int qi = 0; qi < Q; ++qi)
      for (int hd = 0; hd < HEADS; ++hd) {{
        float acc[DIM];
        memset(acc, 0, sizeof acc);
        for (int l = 0; l < LEVELS; ++l) {{
          const int H = level_h[l], W = level_w[l];
          const float* vl = value + ((long)bi * LEN_V + level_start[l]) * HEADS * DIM + hd * DIM;
          for (int p = 0; p < POINTS; ++p) {{
            const long s = (((long)(bi * Q + qi) * HEADS + hd) * LEVELS + l) * POINTS + p;
            const float px = loc[2 * s] * W - 0.5f, py = loc[2 * s + 1] * H - 0.5f;
            const float a = attn[s];
            const int x0 = (int)floorf(px), y0 = (int)floorf(py);
            for (int dy = 0; dy <= 1; ++dy)
              for (int dx = 0; dx <= 1; ++dx) {{
                const int xi = x0 + dx, yi = y0 + dy;
                if (xi < 0 || xi >= W || yi < 0 || yi >= H) continue;          /* zero padding */
                const float wgt = a * (1.0f - fabsf(px - xi)) * (1.0f - fabsf(py - yi));
                const float* vp = vl + ((long)yi * W + xi) * HEADS * DIM;
                for (int t = 0; t < DIM; ++t) acc[t] += wgt * vp[t];
              }}
          }}
        }}
        memcpy(out + ((long)bi * Q + qi) * HEADS * DIM + hd * DIM, acc, sizeof acc);
      }}
}}
'''
    return {"source": source, "entry": "msda_forward",
            "args": ["value", "sampling_locations", "attention_weights", "out"],
            "style": "hand-written plain loops + OpenMP", "parametric": False}
