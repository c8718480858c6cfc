// Host runtime shared by CUDA and HIP (the model headers give it its names): allocations are
// guarded device buffers; copies are checked against the buffers they touch.
#pragma once
#include <time.h>

#include <cstdlib>
#include <cstring>

#include "xpiler/memory.h"
#include "xpiler/report.h"

namespace xpiler {
namespace gpurt {

enum CopyKind { host_to_host = 0, host_to_device = 1, device_to_host = 2, device_to_device = 3, copy_default = 4 };

inline void check_device_range(const Site& site, const char* what, const void* p, size_t n) {
  if (n == 0) return;
  const Allocation* a = allocation_containing(p, 1);
  if (!a) {
    long off = 0;
    const Allocation* freed = allocation_for_fault(p, &off);
    if (freed && !freed->live)
      fail_at("use_after_free", site, "%s: device buffer '%s' was already freed", what, freed->name);
  }
  if (!a || a->kind == MemKind::onchip)
    fail_at("bad_memcpy", site, "%s: %p is not device memory (not returned by the device allocator)", what, p);
  if ((const char*)p + n > a->user + a->size)
    fail_at("out_of_bounds", site, "%s: %zu bytes from offset %ld overrun device buffer '%s' of %zu bytes", what, n,
            (long)((const char*)p - a->user), a->name, a->size);
}

inline void check_host_range(const Site& site, const char* what, const void* p, size_t n) {
  if (n == 0) return;
  const Allocation* a = allocation_containing(p, 1);
  if (a && (const char*)p + n > a->user + a->size)
    fail_at("out_of_bounds", site, "%s: %zu bytes from offset %ld overrun buffer '%s' of %zu bytes", what, n,
            (long)((const char*)p - a->user), a->name, a->size);
}

// In-kernel malloc/free (calls in device code are routed here): the GPU's device heap has a fixed
// size, cudaLimitMallocHeapSize = 8 MiB by default (HIP likewise); past it malloc returns NULL.
// Threads run one after another here but concurrently on the GPU, so a free does not give its
// bytes back to the budget: the budget bounds everything a run allocates (an over-approximation
// of the GPU's peak, so a kernel that fits here fits there).
constexpr size_t kDeviceHeapBytes = size_t(8) << 20;
inline size_t& device_heap_used() { static size_t used = 0; return used; }
inline void* device_malloc(size_t n) {
  const size_t need = ((n + 15) & ~size_t(15)) + 16;      // 16-byte header holds the size
  if (device_heap_used() + need > kDeviceHeapBytes) return nullptr;
  char* p = (char*)std::malloc(need);
  if (!p) return nullptr;
  *(size_t*)p = need;
  device_heap_used() += need;
  return p + 16;
}
inline void device_free(void* q) {
  if (!q) return;
  std::free((char*)q - 16);
}

template <class T>
inline int malloc_(const Site& site, T** p, size_t n) {
  static int counter = 0;
  char name[64];
  snprintf(name, sizeof name, "device allocation #%d (line %d)", ++counter, site.line);
  *p = (T*)guarded_alloc(n, name, MemKind::device);
  return *p ? 0 : 2;
}
template <class T>
inline int malloc_host_(const Site& site, T** p, size_t n) {
  (void)site;
  *p = (T*)guarded_alloc(n, "pinned host allocation", MemKind::host);
  return *p ? 0 : 2;
}
inline int free_(const Site& site, void* p) {
  if (!p) return 0;
  const Allocation* a = allocation_containing(p, 1);
  if (!a) {
    long off = 0;
    const Allocation* freed = allocation_for_fault(p, &off);
    if (freed && !freed->live && freed->user == p)
      fail_at("invalid_free", site, "%s: device buffer '%s' freed twice", site.what, freed->name);
    fail_at("invalid_free", site, "%s: %p was not returned by the device allocator", site.what, p);
  }
  if (a->user != p)
    fail_at("invalid_free", site, "%s: %p points %ld bytes into buffer '%s', not at its start", site.what, p,
            (long)((const char*)p - a->user), a->name);
  guarded_free(p);
  return 0;
}

inline int memcpy_(const Site& site, void* dst, const void* src, size_t n, int kind) {
  const char* what = site.what;
  switch (kind) {
    case host_to_device: check_device_range(site, what, dst, n); check_host_range(site, what, src, n); break;
    case device_to_host: check_device_range(site, what, src, n); check_host_range(site, what, dst, n); break;
    case device_to_device: check_device_range(site, what, dst, n); check_device_range(site, what, src, n); break;
    case host_to_host: check_host_range(site, what, dst, n); check_host_range(site, what, src, n); break;
    default: check_host_range(site, what, dst, n); check_host_range(site, what, src, n); break;
  }
  if (n) memmove(dst, src, n);
  return 0;
}
inline int memset_(const Site& site, void* dst, int value, size_t n) {
  check_device_range(site, site.what, dst, n);
  memset(dst, value, n);
  return 0;
}
inline int memcpy2d_(const Site& site, void* dst, size_t dpitch, const void* src, size_t spitch, size_t width,
                     size_t height, int kind) {
  for (size_t r = 0; r < height; ++r) memcpy_(site, (char*)dst + r * dpitch, (const char*)src + r * spitch, width, kind);
  return 0;
}

struct Event { double ms; };
inline double now_ms() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}
inline int event_create(Event** e) { *e = new Event{0}; return 0; }
inline int event_record(Event* e) { e->ms = now_ms(); return 0; }
inline int event_elapsed(float* ms, Event* a, Event* b) { *ms = (float)(b->ms - a->ms); return 0; }
inline int event_destroy(Event* e) { delete e; return 0; }

struct Stream { int id; };
inline int stream_create(Stream** s) { *s = new Stream{1}; return 0; }
inline int stream_destroy(Stream* s) { delete s; return 0; }

}  // namespace gpurt
}  // namespace xpiler
