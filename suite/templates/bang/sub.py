"""sub: compiler-generated style, fixed size (one file per shape).

What a scheduling compiler emits for out = x - y on a Union1 launch of 4 clusters x 4 cores: sizes
and byte counts constant-folded, casts on every pointer and built-in, fused/split loop names
(i0_outer_inner), function-scope __nram__ buffers sized for the largest chunk, compute lengths
padded to 128 bytes. The 16 tasks take equal shares; the last one also takes the remainder."""

TASKS = 16
MAX_CHUNK = 16384          # floats per NRAM buffer (two buffers: 128 KB)


def _pad(v):
    return (v + 31) // 32 * 32


def render(shape):
    n = shape["n"]
    per = n // TASKS
    rem = n - per * TASKS
    chunk = min(per, MAX_CHUNK) if per else 0
    outer, last = (per // chunk, per % chunk) if chunk else (0, 0)
    buf = max(_pad(chunk), _pad(last), _pad(rem), 32)
    body = []

    def step(offset, count, indent):
        pad = _pad(count)
        lines = [
            f"__memcpy(((float *)x_local_nram + (0)), ((float *)x + ({offset})), {count * 4}, GDRAM2NRAM);",
            f"__memcpy(((float *)y_local_nram + (0)), ((float *)y + ({offset})), {count * 4}, GDRAM2NRAM);",
            f"__bang_sub(((float *)x_local_nram + (0)), ((float *)x_local_nram + (0)), "
            f"((float *)y_local_nram + (0)), {pad});",
            f"__memcpy(((float *)out + ({offset})), ((float *)x_local_nram + (0)), {count * 4}, NRAM2GDRAM);",
        ]
        return [indent + ln for ln in lines]

    if outer > 1:
        body.append(f"  for (int i0_outer_inner = 0; i0_outer_inner < {outer}; ++i0_outer_inner) {{")
        body += step(f"(((int)taskId) * {per}) + (i0_outer_inner * {chunk})", chunk, "    ")
        body.append("  }")
    elif outer == 1:
        body += step(f"((int)taskId) * {per}" if per else "0", chunk, "  ")
    if last:
        body += step(f"(((int)taskId) * {per}) + {outer * chunk}", last, "  ")
    if rem:
        body.append(f"  if (((int)taskId) == {TASKS - 1}) {{")
        body += step(f"{per * TASKS}", rem, "    ")
        body.append("  }")
    source = f'''
#include <bang.h>

extern "C" __mlu_global__ void sub_kernel0(float* __restrict__ x, float* __restrict__ y, float* __restrict__ out) {{
  __nram__ float x_local_nram[{buf}];
  __nram__ float y_local_nram[{buf}];
''' + "\n".join(body) + "\n}\n"
    return {"source": source, "entry": "sub_kernel0", "args": ["x", "y", "out"],
            "launch": {"tasks": [4, 4, 1], "func_type": "union1"},
            "style": "compiler-generated: constant-folded sizes, casts, split loop names, function-scope NRAM",
            "parametric": False}
