// SIMT engine shared by CUDA and HIP: blocks run one after another; the threads of a block run as
// fibers on one OS thread. A fiber runs until it finishes or waits (block barrier, warp
// collective), so barrier-free kernels run thread after thread at function-call speed while
// __syncthreads and warp primitives keep their exact semantics.
#pragma once
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <utility>

#include "xpiler/fiber.h"
#include "xpiler/gpu_common.h"
#include "xpiler/onchip.h"
#include "xpiler/report.h"

#ifndef XPILER_WARP_SIZE
#error "a SIMT model header must define XPILER_WARP_SIZE"
#endif

struct dim3 {
  unsigned int x, y, z;
  constexpr dim3(unsigned int vx = 1, unsigned int vy = 1, unsigned int vz = 1) : x(vx), y(vy), z(vz) {}
  constexpr dim3(uint3 v) : x(v.x), y(v.y), z(v.z) {}
  constexpr operator uint3() const { return uint3{x, y, z}; }
};

namespace xpiler {
namespace simt {

enum : int { kSharedSpace = 0, kMaxThreads = 1024, kMaxWarps = kMaxThreads / XPILER_WARP_SIZE + 1 };
enum class State : unsigned char { ready, barrier, warp, done };

struct Thread {
  uint3 idx;
  int linear, lane, warp;
  State state;
  void* sp;
  FiberStack stack;
  Site wait;        // where it waits
  int pred;         // predicate passed to __syncthreads_count/_and/_or
  int group;        // warp collective group it waits in
};

// One pending warp collective: the lanes that reached the same call site.
struct Group {
  bool used;
  const char* op;
  Site site;
  unsigned long long mask;      // lanes named by the call (all ones where the model has no mask)
  bool strict;                  // every live lane named in the mask must arrive (CUDA's *_sync rule)
  unsigned long long arrived;
  void* payload[XPILER_WARP_SIZE];
  void (*complete)(void* fn, Group& g);
  void* fn;
};

struct Warp {
  Group groups[4];
  unsigned long long live;      // lanes not yet finished
  unsigned long long exists;    // lanes that exist in this (possibly partial) warp
};

extern Thread* g_current;
extern Thread* g_threads;
extern uint3 g_block_idx;
extern dim3 g_block_dim, g_grid_dim;
extern const char* g_kernel;
extern Warp g_warps[kMaxWarps];
extern void* g_dynamic_shared;
extern size_t g_dynamic_shared_bytes;

typedef void (*BodyFn)(void* ctx);
void run_grid(const char* name, const Site& site, dim3 grid, dim3 block, size_t shmem, BodyFn body, void* ctx);
void wait_current(State s);            // switch to the scheduler until released
void syncthreads(const Site& site);
// __syncthreads_count (op 0), __syncthreads_and (1), __syncthreads_or (2)
int syncthreads_reduce(const Site& site, int pred, int op);
void* dynamic_shared_base();
void check_launch(const Site& site, const char* name, dim3 grid, dim3 block, size_t shmem);

// __shared__ variables. Each one gets its own pages, ends exactly at a PROT_NONE guard page (so the
// first access past its end faults and is reported with the variable's name), and the padding in
// front of/behind it is checked after every block. The model's onchip qualifier names kShared.
struct SharedSpaceTag {};
constexpr SharedSpaceTag kShared{};
void* shared_var_place(size_t bytes, size_t align, const char* name, const char* file, int line);

inline unsigned long long lane_bit(int lane) { return 1ull << lane; }

// Run `compute(group)` once all participating lanes of the caller's warp reached this call site.
// Each lane passes a pointer to its own in/out record as payload.
// With an explicit mask (anything but all ones), every lane named in it that has not exited must call
// the same function at the same place (CUDA *_sync rule); if the others wait elsewhere that is
// reported. Without one (HIP's mask-free forms, __activemask) the lanes that got there take part.
template <class F>
inline void warp_collective(const char* op, const Site& site, unsigned long long mask, void* payload, F& compute,
                            bool strict = true) {
  Thread* t = g_current;
  Warp& w = g_warps[t->warp];
  Group* g = nullptr;
  for (Group& c : w.groups)
    if (c.used && c.site.line == site.line && c.site.file == site.file && !(c.arrived & lane_bit(t->lane))) { g = &c; break; }
  if (!g) {
    for (Group& c : w.groups)
      if (!c.used) { g = &c; break; }
    if (!g) fail_at("divergent_warp", site, "more than 4 different warp collectives pending in one warp");
    g->used = true; g->op = op; g->site = site; g->mask = mask; g->arrived = 0;
    g->strict = strict && mask != ~0ull;
    g->fn = (void*)&compute;
    g->complete = [](void* fn, Group& gr) { (*(F*)fn)(gr); };
  } else if (g->mask != mask) {
    fail_at("divergent_warp", site, "lanes of one warp call %s with different masks (0x%llx and 0x%llx)", op, g->mask, mask);
  }
  if (!(mask & lane_bit(t->lane)))
    fail_at("bad_intrinsic_argument", site, "lane %d calls %s with a mask (0x%llx) that does not include itself", t->lane, op, mask);
  g->payload[t->lane] = payload;
  g->arrived |= lane_bit(t->lane);
  unsigned long long expected = mask & w.live;
  if ((g->arrived & expected) == expected) {
    compute(*g);
    unsigned long long others = g->arrived & ~lane_bit(t->lane);
    g->used = false;
    if (others) {
      int base = t->warp * XPILER_WARP_SIZE;
      for (int l = 0; l < XPILER_WARP_SIZE; ++l)
        if (others & lane_bit(l)) g_threads[base + l].state = State::ready;
    }
    return;
  }
  t->group = (int)(g - w.groups);
  t->wait = site;
  wait_current(State::warp);
}

// ----- launching: k<<<g, b, s, st>>>(args) is rewritten to launcher(k, "k", site, g, b, s, st)(args)
template <class... P>
struct Launcher {
  void (*kernel)(P...);
  const char* name;
  Site site;
  dim3 grid, block;
  size_t shmem;

  template <class... A>
  void operator()(A&&... args) const {
    static_assert(sizeof...(A) == sizeof...(P), "kernel launched with the wrong number of arguments");
    std::tuple<typename std::decay<P>::type...> values(static_cast<P>(std::forward<A>(args))...);
    struct Ctx { void (*k)(P...); decltype(values)* v; } ctx{kernel, &values};
    run_grid(name, site, grid, block, shmem,
             [](void* c) { Ctx* x = (Ctx*)c; std::apply(x->k, *x->v); }, &ctx);
  }
};

template <class... P>
inline Launcher<P...> launcher(void (*k)(P...), const char* name, const Site& site, dim3 grid, dim3 block,
                               size_t shmem = 0, const void* stream = nullptr) {
  (void)stream;
  return Launcher<P...>{k, name, site, grid, block, shmem};
}
template <class... P, class S>
inline Launcher<P...> launcher(void (*k)(P...), const char* name, const Site& site, dim3 grid, dim3 block,
                               size_t shmem, S stream) {
  (void)stream;
  return Launcher<P...>{k, name, site, grid, block, shmem};
}

// The kernel's name from the text of a launch's arguments ("k<64, 2>, grid, block"): everything
// before the first comma outside brackets. Cached per call site (the text is a string literal).
const char* launch_kernel_name(const char* launch_text);

// `xpiler_launch(k<A, B>, grid, block...)`: the macro takes every argument as __VA_ARGS__, so commas
// inside a kernel's template argument list are not taken as macro argument separators.
template <class... P, class... R>
inline Launcher<P...> launcher(const char* text, const Site& site, void (*k)(P...), dim3 grid, dim3 block, R... rest) {
  static_assert(sizeof...(R) <= 2, "a launch takes a grid, a block, and optionally shared bytes and a stream");
  size_t shmem = 0;
  if constexpr (sizeof...(R) > 0) shmem = (size_t)std::get<0>(std::make_tuple(rest...));
  return Launcher<P...>{k, launch_kernel_name(text), site, grid, block, shmem};
}

}  // namespace simt
}  // namespace xpiler

#define threadIdx (::xpiler::simt::g_current->idx)
#define blockIdx (::xpiler::simt::g_block_idx)
#define blockDim (::xpiler::simt::g_block_dim)
#define gridDim (::xpiler::simt::g_grid_dim)
#define __syncthreads() ::xpiler::simt::syncthreads(XPILER_SITE("__syncthreads"))
#define __syncthreads_count(p) ::xpiler::simt::syncthreads_reduce(XPILER_SITE("__syncthreads_count"), (p), 0)
#define __syncthreads_and(p) ::xpiler::simt::syncthreads_reduce(XPILER_SITE("__syncthreads_and"), (p), 1)
#define __syncthreads_or(p) ::xpiler::simt::syncthreads_reduce(XPILER_SITE("__syncthreads_or"), (p), 2)
#define __trap() ::xpiler::fail_at("trap", XPILER_SITE("__trap"), "__trap() was called")
#define __brkpt() ::xpiler::fail_at("trap", XPILER_SITE("__brkpt"), "__brkpt() was called")
#define xpiler_launch(...) ::xpiler::simt::launcher(#__VA_ARGS__, XPILER_SITE("kernel launch"), __VA_ARGS__)

#include "xpiler/simt_warp.h"

inline void* xpiler_dynamic_onchip_base(int) { return ::xpiler::simt::dynamic_shared_base(); }
inline void* xpiler_dynamic_onchip_base(::xpiler::simt::SharedSpaceTag) { return ::xpiler::simt::dynamic_shared_base(); }
namespace xpiler {
// picked over onchip.h's onchip_var<T>(int, ...) for declarations rewritten with simt::kShared
template <class T>
inline T* onchip_var(simt::SharedSpaceTag, const char* name, const char* file, int line) {
  return (T*)simt::shared_var_place(sizeof(T), alignof(T), name, file, line);
}
}  // namespace xpiler
