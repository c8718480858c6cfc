// The SIMT block scheduler (compiled once per warp size).
#include "xpiler/simt.h"

#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "xpiler/memory.h"

namespace xpiler {
namespace simt {

Thread* g_current = nullptr;
Thread* g_threads = nullptr;
uint3 g_block_idx{0, 0, 0};
dim3 g_block_dim, g_grid_dim;
const char* g_kernel = "";
Warp g_warps[kMaxWarps];
void* g_dynamic_shared = nullptr;
size_t g_dynamic_shared_bytes = 0;

static void* g_sched_sp = nullptr;
static BodyFn g_body = nullptr;
static void* g_body_ctx = nullptr;
static int g_nthreads = 0;
static Site g_launch_site;

static const size_t kMaxDynamicShared = 256 * 1024;
static char* g_dyn_region = nullptr;   // fixed address; tail pages beyond the launch's size are PROT_NONE
static size_t g_dyn_region_size = 0;

}  // namespace simt

const char* current_kernel() { return simt::g_kernel; }

void describe_current_worker(char* buf, size_t n) {
  using namespace simt;
  if (!g_current || !*g_kernel) { if (n) buf[0] = 0; return; }
  snprintf(buf, n, "block (%u,%u,%u) thread (%u,%u,%u)", g_block_idx.x, g_block_idx.y, g_block_idx.z,
           g_current->idx.x, g_current->idx.y, g_current->idx.z);
}

namespace simt {

static bool explain_dynamic_shared(const void* addr, bool is_write, const char** kind, char* msg, size_t n) {
  const char* a = (const char*)addr;
  if (!g_dyn_region || a < g_dyn_region || a >= g_dyn_region + g_dyn_region_size + 4096) return false;
  *kind = "out_of_bounds";
  snprintf(msg, n, "out-of-bounds %s at byte offset %ld of dynamic shared memory, launched with %zu bytes",
           is_write ? "write" : "read", (long)(a - g_dyn_region), g_dynamic_shared_bytes);
  return true;
}

static bool explain_shared(const void* addr, bool is_write, const char** kind, char* msg, size_t n) {
  OnchipSpace& s = onchip_space(kSharedSpace);
  const char* a = (const char*)addr;
  if (a < s.base() - 4096 || a >= s.base() + s.capacity() + 4096) return false;
  *kind = "out_of_bounds";
  snprintf(msg, n, "out-of-bounds %s of static shared memory at offset %ld (capacity %zu bytes)",
           is_write ? "write" : "read", (long)(a - s.base()), s.capacity());
  return true;
}

struct SharedSetup {
  OnchipSpace space{"shared memory", 48 * 1024};
  SharedSetup() {
    onchip_register_space(kSharedSpace, &space);
    add_fault_explainer(explain_shared);
    add_fault_explainer(explain_dynamic_shared);
  }
};
static SharedSetup& shared_setup() { static SharedSetup s; return s; }
static struct EarlyInit { EarlyInit() { shared_setup(); } } g_early_init;

void* dynamic_shared_base() {
  if (!g_dyn_region) {
    g_dyn_region_size = kMaxDynamicShared;
    char* m = (char*)mmap(nullptr, g_dyn_region_size + 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (m == MAP_FAILED) fail("resource_limit", "cannot map dynamic shared memory");
    g_dyn_region = m;
  }
  return g_dyn_region;
}

static void set_dynamic_shared(size_t bytes) {
  char* base = (char*)dynamic_shared_base();
  size_t pages = (bytes + 4095) / 4096 * 4096;
  mprotect(base, g_dyn_region_size, PROT_NONE);
  if (pages) {
    mprotect(base, pages, PROT_READ | PROT_WRITE);
    memset(base, 0xff, pages);
  }
  g_dynamic_shared = base;
  g_dynamic_shared_bytes = bytes;
}

static void thread_main(void* arg) {
  Thread* t = (Thread*)arg;
  g_body(g_body_ctx);
  t->state = State::done;
  g_warps[t->warp].live &= ~lane_bit(t->lane);
  void* dummy;
  xpiler_ctx_switch(&dummy, g_sched_sp);
  __builtin_unreachable();
}

void wait_current(State s) {
  Thread* t = g_current;
  t->state = s;
  xpiler_ctx_switch(&t->sp, g_sched_sp);
  g_current = t;
}

void syncthreads(const Site& site) {
  g_current->wait = site;
  wait_current(State::barrier);
}

static size_t stack_bytes() {
  const char* e = getenv("XPILER_STACK_KB");
  size_t kb = e ? (size_t)atol(e) : 256;
  return (kb < 16 ? 16 : kb) * 1024;
}

static void ensure_threads(int n) {
  static int allocated = 0;
  if (!g_threads) g_threads = (Thread*)calloc(kMaxThreads, sizeof(Thread));
  size_t bytes = stack_bytes();
  for (; allocated < n; ++allocated) g_threads[allocated].stack = fiber_stack_alloc(bytes);
}

// Complete every pending warp collective with the lanes that reached it (the others are
// finished or wait elsewhere, so on hardware they would not take part either).
static bool resolve_pending_groups() {
  bool any = false;
  int nwarps = (g_nthreads + XPILER_WARP_SIZE - 1) / XPILER_WARP_SIZE;
  for (int w = 0; w < nwarps; ++w)
    for (Group& g : g_warps[w].groups) {
      if (!g.used) continue;
      g.complete(g.fn, g);
      g.used = false;
      for (int l = 0; l < XPILER_WARP_SIZE; ++l)
        if (g.arrived & lane_bit(l)) g_threads[w * XPILER_WARP_SIZE + l].state = State::ready;
      any = true;
    }
  return any;
}

static void run_block() {
  int n = g_nthreads;
  for (int i = 0; i < n; ++i) {
    Thread& t = g_threads[i];
    t.linear = i;
    t.idx = uint3{(unsigned)(i % g_block_dim.x), (unsigned)(i / g_block_dim.x % g_block_dim.y),
                  (unsigned)(i / (g_block_dim.x * g_block_dim.y))};
    t.lane = i % XPILER_WARP_SIZE;
    t.warp = i / XPILER_WARP_SIZE;
    t.state = State::ready;
    t.sp = fiber_prepare(t.stack, thread_main, &t);
  }
  int nwarps = (n + XPILER_WARP_SIZE - 1) / XPILER_WARP_SIZE;
  for (int w = 0; w < nwarps; ++w) {
    int lanes = n - w * XPILER_WARP_SIZE < XPILER_WARP_SIZE ? n - w * XPILER_WARP_SIZE : XPILER_WARP_SIZE;
    g_warps[w].exists = lanes == 64 ? ~0ull : ((1ull << lanes) - 1);
    g_warps[w].live = g_warps[w].exists;
    for (Group& g : g_warps[w].groups) g.used = false;
  }
  for (;;) {
    bool ran = false;
    for (int i = 0; i < n; ++i) {
      Thread& t = g_threads[i];
      if (t.state != State::ready) continue;
      g_current = &t;
      xpiler_ctx_switch(&g_sched_sp, t.sp);
      ran = true;
    }
    if (ran) continue;
    if (resolve_pending_groups()) continue;
    int at_barrier = 0, done = 0;
    const Thread* first_barrier = nullptr;
    const Thread* first_done = nullptr;
    for (int i = 0; i < n; ++i) {
      const Thread& t = g_threads[i];
      if (t.state == State::barrier) { ++at_barrier; if (!first_barrier) first_barrier = &t; }
      else if (t.state == State::done) { ++done; if (!first_done) first_done = &t; }
    }
    if (done == n) return;
    if (at_barrier == 0) fail("deadlock", "no thread of block can make progress");
    g_current = (Thread*)first_barrier;
    if (done > 0)
      fail_at("divergent_barrier", first_barrier->wait,
              "divergent barrier: %d threads wait at __syncthreads() but %d threads of the block (first: thread (%u,%u,%u)) "
              "already finished the kernel without reaching it", at_barrier, done,
              first_done->idx.x, first_done->idx.y, first_done->idx.z);
    for (int i = 0; i < n; ++i) {
      const Thread& t = g_threads[i];
      if (t.wait.line != first_barrier->wait.line || t.wait.file != first_barrier->wait.file)
        fail_at("divergent_barrier", first_barrier->wait,
                "divergent barrier: thread (%u,%u,%u) waits at this __syncthreads() while thread (%u,%u,%u) waits at "
                "another one (line %d)", first_barrier->idx.x, first_barrier->idx.y, first_barrier->idx.z,
                t.idx.x, t.idx.y, t.idx.z, t.wait.line);
    }
    for (int i = 0; i < n; ++i) g_threads[i].state = State::ready;
  }
}

void check_launch(const Site& site, const char* name, dim3 grid, dim3 block, size_t shmem) {
  unsigned long long threads = (unsigned long long)block.x * block.y * block.z;
  if (threads == 0 || grid.x == 0 || grid.y == 0 || grid.z == 0)
    fail_at("bad_launch", site, "launch of %s with an empty grid (%u,%u,%u) or block (%u,%u,%u)", name,
            grid.x, grid.y, grid.z, block.x, block.y, block.z);
  if (threads > kMaxThreads || block.z > 64)
    fail_at("bad_launch", site, "launch of %s with %llu threads per block (block (%u,%u,%u)); the limit is %d",
            name, threads, block.x, block.y, block.z, (int)kMaxThreads);
  if (grid.y > 65535 || grid.z > 65535)
    fail_at("bad_launch", site, "launch of %s: gridDim.y/z may not exceed 65535", name);
  if (shmem > kMaxDynamicShared)
    fail_at("bad_launch", site, "launch of %s asks for %zu bytes of dynamic shared memory", name, shmem);
}

void run_grid(const char* name, const Site& site, dim3 grid, dim3 block, size_t shmem, BodyFn body, void* ctx) {
  shared_setup();
  check_launch(site, name, grid, block, shmem);
  g_kernel = name;
  g_launch_site = site;
  g_grid_dim = grid;
  g_block_dim = block;
  g_body = body;
  g_body_ctx = ctx;
  g_nthreads = (int)(block.x * block.y * block.z);
  ensure_threads(g_nthreads);
  set_dynamic_shared(shmem);
  OnchipSpace& shared = onchip_space(kSharedSpace);
  for (unsigned z = 0; z < grid.z; ++z)
    for (unsigned y = 0; y < grid.y; ++y)
      for (unsigned x = 0; x < grid.x; ++x) {
        g_block_idx = uint3{x, y, z};
        if (shared.used()) memset(shared.base(), 0xff, shared.used());   // shared memory starts undefined
        run_block();
      }
  g_current = nullptr;
  g_kernel = "";
}

}  // namespace simt
}  // namespace xpiler
