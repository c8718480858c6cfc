// Warp-level primitives on top of warp_collective(): shuffles, votes, matches, reductions.
// A source lane that does not take part in the call yields the caller's own value.
#pragma once
#include <cstring>

namespace xpiler {
namespace simt {

enum class ShflMode { idx, up, down, bfly };

template <class T>
struct ShflRec { T value; int arg; int width; T out; };

template <class T>
inline T shfl(const char* op, const Site& site, unsigned long long mask, T value, int arg, int width, ShflMode mode) {
  if (width <= 0 || width > XPILER_WARP_SIZE || (width & (width - 1)))
    fail_at("bad_intrinsic_argument", site, "%s: width %d must be a power of two no larger than %d", op, width, XPILER_WARP_SIZE);
  ShflRec<T> rec{value, arg, width, value};
  auto compute = [mode](Group& g) {
    for (int l = 0; l < XPILER_WARP_SIZE; ++l) {
      if (!(g.arrived & lane_bit(l))) continue;
      ShflRec<T>* r = (ShflRec<T>*)g.payload[l];
      int w = r->width, group = l / w * w, src;
      switch (mode) {
        case ShflMode::idx: src = group + ((r->arg % w) + w) % w; break;
        case ShflMode::up: src = (l - group) < r->arg ? l : l - r->arg; break;
        case ShflMode::down: src = (l - group) + r->arg >= w ? l : l + r->arg; break;
        default: src = l ^ r->arg; if (src / w > l / w || src >= XPILER_WARP_SIZE) src = l; break;
      }
      r->out = (src >= 0 && src < XPILER_WARP_SIZE && (g.arrived & lane_bit(src))) ? ((ShflRec<T>*)g.payload[src])->value
                                                                                  : r->value;
    }
  };
  warp_collective(op, site, mask, &rec, compute);
  return rec.out;
}

struct VoteRec { int pred; unsigned long long out; };

// kind: 0 = ballot, 1 = any, 2 = all, 3 = plain sync
inline unsigned long long vote(const char* op, const Site& site, unsigned long long mask, int pred, int kind,
                               bool strict = true) {
  VoteRec rec{pred != 0, 0};
  auto compute = [kind](Group& g) {
    unsigned long long ballot = 0;
    bool all = true;
    for (int l = 0; l < XPILER_WARP_SIZE; ++l)
      if (g.arrived & lane_bit(l)) {
        VoteRec* r = (VoteRec*)g.payload[l];
        if (r->pred) ballot |= lane_bit(l); else all = false;
      }
    for (int l = 0; l < XPILER_WARP_SIZE; ++l)
      if (g.arrived & lane_bit(l)) {
        VoteRec* r = (VoteRec*)g.payload[l];
        r->out = kind == 0 ? ballot : kind == 1 ? (ballot != 0) : kind == 2 ? all : 0;
      }
  };
  warp_collective(op, site, mask, &rec, compute, strict);
  return rec.out;
}

template <class T>
struct MatchRec { T value; unsigned long long out; int all; };

template <class T>
inline unsigned long long match(const char* op, const Site& site, unsigned long long mask, T value, int* pred, bool all_mode) {
  MatchRec<T> rec{value, 0, 0};
  auto compute = [](Group& g) {
    bool same = true;
    MatchRec<T>* first = nullptr;
    for (int l = 0; l < XPILER_WARP_SIZE; ++l)
      if (g.arrived & lane_bit(l)) {
        MatchRec<T>* r = (MatchRec<T>*)g.payload[l];
        if (!first) first = r; else if (memcmp(&first->value, &r->value, sizeof(T))) same = false;
        unsigned long long m = 0;
        for (int o = 0; o < XPILER_WARP_SIZE; ++o)
          if ((g.arrived & lane_bit(o)) && !memcmp(&((MatchRec<T>*)g.payload[o])->value, &r->value, sizeof(T))) m |= lane_bit(o);
        r->out = m;
      }
    for (int l = 0; l < XPILER_WARP_SIZE; ++l)
      if (g.arrived & lane_bit(l)) ((MatchRec<T>*)g.payload[l])->all = same;
  };
  warp_collective(op, site, mask, &rec, compute);
  if (all_mode) { if (pred) *pred = rec.all; return rec.all ? mask : 0; }
  return rec.out;
}

template <class T>
struct ReduceRec { T value; T out; };

// kind: 0 add, 1 min, 2 max, 3 and, 4 or, 5 xor
template <class T>
inline T reduce(const char* op, const Site& site, unsigned long long mask, T value, int kind) {
  ReduceRec<T> rec{value, value};
  auto compute = [kind](Group& g) {
    bool first = true;
    T acc{};
    for (int l = 0; l < XPILER_WARP_SIZE; ++l)
      if (g.arrived & lane_bit(l)) {
        T v = ((ReduceRec<T>*)g.payload[l])->value;
        if (first) { acc = v; first = false; continue; }
        switch (kind) {
          case 0: acc = (T)(acc + v); break;
          case 1: acc = v < acc ? v : acc; break;
          case 2: acc = v > acc ? v : acc; break;
          case 3: acc = acc & v; break;
          case 4: acc = acc | v; break;
          default: acc = acc ^ v; break;
        }
      }
    for (int l = 0; l < XPILER_WARP_SIZE; ++l)
      if (g.arrived & lane_bit(l)) ((ReduceRec<T>*)g.payload[l])->out = acc;
  };
  warp_collective(op, site, mask, &rec, compute);
  return rec.out;
}

inline unsigned long long active_mask() {
  return g_warps[g_current->warp].live & g_warps[g_current->warp].exists;
}

// __activemask() with independent thread scheduling: the lanes that reach this call together. It is
// a rendezvous of the warp's live lanes at this call site, completed early with the lanes that got
// there once every other lane has exited or waits elsewhere (another branch, a barrier), so a call
// inside a divergent branch yields that branch's lanes, as on Volta and later GPUs.
inline unsigned long long active_mask(const Site& site) {
  return vote("__activemask", site, g_warps[g_current->warp].exists, 1, 0, false);
}

inline int lane_id() { return g_current->lane; }

}  // namespace simt
}  // namespace xpiler
