// xpiler-suite: {"operator": "msda", "model": "c", "entry": "msda_forward", "args": ["value", "sampling_locations", "attention_weights", "out"], "dtypes": {}, "style": "hand-written plain loops + OpenMP", "parametric": false, "inputs": {"value": "normal", "sampling_locations": "uniform:-0.05:1.05", "attention_weights": "uniform:0:0.25"}, "cases": [{"shape": {"b": 2, "q": 50, "heads": 8, "dim": 32, "points": 4, "levels": [[20, 25], [10, 13], [5, 7], [3, 4]]}, "launch": null, "tolerance": {"out": [0.0001, 8e-05]}}]}
#include <math.h>
#include <string.h>

#define B 2
#define Q 50
#define HEADS 8
#define DIM 32
#define LEVELS 4
#define POINTS 4
#define LEN_V 677                                      /* sum of H_l * W_l */

static const int level_h[LEVELS] = {20, 10, 5, 3};
static const int level_w[LEVELS] = {25, 13, 7, 4};
static const int level_start[LEVELS] = {0, 500, 630, 665};

/* value [B][LEN_V][HEADS][DIM], loc [B][Q][HEADS][LEVELS][POINTS][2] (x, y in [0, 1]),
 * attn [B][Q][HEADS][LEVELS][POINTS], out [B][Q][HEADS * DIM] */
void msda_forward(const float* value, const float* loc, const float* attn, float* out) {
#pragma omp parallel for collapse(2) schedule(static)
  for (int bi = 0; bi < B; ++bi)
    for (int qi = 0; qi < Q; ++qi)
      for (int hd = 0; hd < HEADS; ++hd) {
        float acc[DIM];
        memset(acc, 0, sizeof acc);
        for (int l = 0; l < LEVELS; ++l) {
          const int H = level_h[l], W = level_w[l];
          const float* vl = value + ((long)bi * LEN_V + level_start[l]) * HEADS * DIM + hd * DIM;
          for (int p = 0; p < POINTS; ++p) {
            const long s = (((long)(bi * Q + qi) * HEADS + hd) * LEVELS + l) * POINTS + p;
            const float px = loc[2 * s] * W - 0.5f, py = loc[2 * s + 1] * H - 0.5f;
            const float a = attn[s];
            const int x0 = (int)floorf(px), y0 = (int)floorf(py);
            for (int dy = 0; dy <= 1; ++dy)
              for (int dx = 0; dx <= 1; ++dx) {
                const int xi = x0 + dx, yi = y0 + dy;
                if (xi < 0 || xi >= W || yi < 0 || yi >= H) continue;          /* zero padding */
                const float wgt = a * (1.0f - fabsf(px - xi)) * (1.0f - fabsf(py - yi));
                const float* vp = vl + ((long)yi * W + xi) * HEADS * DIM;
                for (int t = 0; t < DIM; ++t) acc[t] += wgt * vp[t];
              }
          }
        }
        memcpy(out + ((long)bi * Q + qi) * HEADS * DIM + hd * DIM, acc, sizeof acc);
      }
}
