// The SIMT block scheduler (compiled once per warp size).
#include "xpiler/simt.h"

#include <execinfo.h>
#include <signal.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <ucontext.h>

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

#ifndef XPILER_STATIC_SHARED_BYTES
#define XPILER_STATIC_SHARED_BYTES (48 * 1024)   /* a model prelude may set its own (HIP: 64 KiB of LDS) */
#endif
#ifndef XPILER_MAX_DYNAMIC_SHARED_BYTES
#define XPILER_MAX_DYNAMIC_SHARED_BYTES (227 * 1024)   /* H100 opt-in maximum per block */
#endif
static const size_t kPage = 4096;
static const size_t kStaticShared = XPILER_STATIC_SHARED_BYTES;
static const size_t kMaxDynamicShared = XPILER_MAX_DYNAMIC_SHARED_BYTES;
static const unsigned char kPoison = 0xff;    // shared memory starts undefined
static const unsigned char kCanary = 0xa5;    // padding around shared variables
static const size_t kLeadCheck = 64;          // bytes in front of a variable checked for underflow writes

// Dynamic shared memory: a fixed region whose last pages are made accessible for each launch; the
// launch's bytes end 128-byte aligned right before the PROT_NONE page that follows the region.
static char* g_dyn_region = nullptr;
static size_t g_dyn_region_size = 0;   // accessible size (whole pages) of the current launch
static char* g_dyn_base = nullptr;     // first byte of the current launch's dynamic shared memory

struct SharedVar {
  const char* name;
  const char* file;
  int line;
  size_t size, align, slot;   // slot = size rounded up to align; the variable occupies the slot's start
  char* page;                 // first accessible byte of its pages
  char* ptr;                  // the variable (ends slot - size bytes before the guard page)
  const char* kernel;         // kernel that first placed it (capacity is accounted per kernel)
};
static SharedVar g_svars[1024];
static int g_nsvars = 0;
static char* g_sregion = nullptr;
static const size_t kSharedRegion = 256ull << 20;   // reserved address space for all variables
static size_t g_sregion_used = 0;

}  // namespace simt

const char* current_kernel() { return simt::g_kernel; }

void describe_current_worker(char* buf, size_t n) {
  using namespace simt;
  if (!g_current || !*g_kernel) { if (n) buf[0] = 0; return; }
  snprintf(buf, n, "block (%u,%u,%u) thread (%u,%u,%u)", g_block_idx.x, g_block_idx.y, g_block_idx.z,
           g_current->idx.x, g_current->idx.y, g_current->idx.z);
}

namespace simt {
static bool explain_dynamic_shared(const void*, bool, const char**, char*, size_t);
}  // namespace simt
}  // namespace xpiler

// assert() in kernels and host code: a structured error at the assertion's line instead of abort()
extern "C" void __assert_fail(const char* expr, const char* file, unsigned int line, const char* function) noexcept {
  xpiler::fail_at("assertion_failed", xpiler::Site{file, (int)line, "assert"}, "assertion '%s' failed in %s", expr,
                  function ? function : "?");
}

namespace xpiler {
namespace simt {

static bool explain_dynamic_shared(const void* addr, bool is_write, const char** kind, char* msg, size_t n) {
  const char* a = (const char*)addr;
  if (!g_dyn_region || a < g_dyn_region || a >= g_dyn_region + kMaxDynamicShared + 3 * kPage) return false;
  *kind = "out_of_bounds";
  long off = (long)(a - g_dyn_base);
  if (off >= 0)
    snprintf(msg, n, "out-of-bounds %s at byte offset %ld of dynamic shared memory (extern __shared__), launched with "
             "%zu bytes", is_write ? "write" : "read", off, g_dynamic_shared_bytes);
  else
    snprintf(msg, n, "out-of-bounds %s %ld bytes before the start of dynamic shared memory (extern __shared__), "
             "launched with %zu bytes", is_write ? "write" : "read", -off, g_dynamic_shared_bytes);
  return true;
}

static bool explain_shared(const void* addr, bool is_write, const char** kind, char* msg, size_t n) {
  const char* a = (const char*)addr;
  if (g_sregion && a >= g_sregion && a < g_sregion + kSharedRegion) {
    // the guard page after a variable's pages, or any other inaccessible page of the region
    const SharedVar* best = nullptr;
    for (int i = 0; i < g_nsvars; ++i)
      if (g_svars[i].ptr <= a && (!best || g_svars[i].ptr > best->ptr)) best = &g_svars[i];
    *kind = "out_of_bounds";
    if (best)
      snprintf(msg, n, "out-of-bounds %s at byte offset %ld of __shared__ variable '%s' (%zu bytes, declared at %s:%d)",
               is_write ? "write" : "read", (long)(a - best->ptr), best->name, best->size, best->file, best->line);
    else
      snprintf(msg, n, "out-of-bounds %s before the first __shared__ variable", is_write ? "write" : "read");
    return true;
  }
  OnchipSpace& s = onchip_space(kSharedSpace);
  if (a < s.base() - 4096 || a >= s.base() + s.capacity() + 4096) return false;
  *kind = "out_of_bounds";
  snprintf(msg, n, "out-of-bounds %s of static shared memory at offset %ld (capacity %zu bytes)",
           is_write ? "write" : "read", (long)(a - s.base()), s.capacity());
  return true;
}

// ----- watchdog: a kernel that runs into the time limit is stopped a little before the runner would
// kill it, and reported with the line it was executing (and which thread). The limit comes from
// XPILER_WATCHDOG_S, else from the CPU-time limit the sandbox sets (its wall timeout + 2 s).
static void watchdog_handler(int, siginfo_t*, void* uctx) {
  static char msg[512], where[256];
  ucontext_t* uc = (ucontext_t*)uctx;
  describe_current_worker(where, sizeof where);
  snprintf(msg, sizeof msg, "the program did not finish within the time limit; it was stopped %s%s (an infinite loop, "
           "or a spin-wait on another thread or block? Threads of a block run one at a time until they wait at a barrier "
           "or warp collective, and blocks run one after another)", where[0] ? "in " : "", where);
  report_fault_and_exit("timeout", msg, (uintptr_t)uc->uc_mcontext.gregs[REG_RIP]);
}

static void start_watchdog() {
  double seconds = 0;
  if (const char* e = getenv("XPILER_WATCHDOG_S")) seconds = atof(e);
  else {
    rlimit rl;
    if (getrlimit(RLIMIT_CPU, &rl) == 0 && rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur >= 3)
      seconds = (double)rl.rlim_cur - 2.0 - 0.3;   // the runner's wall timeout is at least rlim_cur - 2
  }
  if (seconds < 0.5) return;
  static char altstack[1 << 16];
  stack_t ss{};
  ss.ss_sp = altstack;
  ss.ss_size = sizeof altstack;
  stack_t old{};
  if (sigaltstack(nullptr, &old) == 0 && (old.ss_flags & SS_DISABLE)) sigaltstack(&ss, nullptr);
  struct sigaction sa{};
  sa.sa_sigaction = watchdog_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGALRM, &sa, nullptr);
  itimerval t{};
  t.it_value.tv_sec = (time_t)seconds;
  t.it_value.tv_usec = (suseconds_t)((seconds - (double)(time_t)seconds) * 1e6);
  setitimer(ITIMER_REAL, &t, nullptr);
}

struct SharedSetup {
  OnchipSpace space{"shared memory", kStaticShared};
  SharedSetup() {
    start_watchdog();
    onchip_register_space(kSharedSpace, &space);
    add_fault_explainer(explain_shared);
    add_fault_explainer(explain_dynamic_shared);
  }
};
static SharedSetup& shared_setup() { static SharedSetup s; return s; }
static struct EarlyInit { EarlyInit() { shared_setup(); } } g_early_init;

static size_t dyn_region_total() { return (kMaxDynamicShared + kLeadCheck + 2 * kPage) / kPage * kPage; }
static char* dyn_region_end() { return g_dyn_region + dyn_region_total() - kPage; }   // the guard page

static void map_dynamic_region() {
  if (g_dyn_region) return;
  char* m = (char*)mmap(nullptr, dyn_region_total(), PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) fail("resource_limit", "cannot map dynamic shared memory");
  g_dyn_region = m;
  g_dyn_base = dyn_region_end();
}

void* dynamic_shared_base() {
  map_dynamic_region();
  return g_dyn_base;
}

static void set_dynamic_shared(size_t bytes) {
  map_dynamic_region();
  char* end = dyn_region_end();
  if (g_dyn_region_size) mprotect(end - g_dyn_region_size, g_dyn_region_size, PROT_NONE);
  size_t slot = (bytes + 127) / 128 * 128;
  g_dyn_region_size = bytes ? (slot + kLeadCheck + kPage - 1) / kPage * kPage : 0;
  if (g_dyn_region_size) mprotect(end - g_dyn_region_size, g_dyn_region_size, PROT_READ | PROT_WRITE);
  g_dyn_base = end - slot;
  g_dynamic_shared = g_dyn_base;
  g_dynamic_shared_bytes = bytes;
}

// ----- __shared__ variables

void* shared_var_place(size_t bytes, size_t align, const char* name, const char* file, int line) {
  if (align < 32) align = 32;             // 256-bit, as WMMA loads from shared memory need
  const char* kernel = g_kernel ? g_kernel : "";
  size_t used = 0;
  for (int i = 0; i < g_nsvars; ++i)
    if (!strcmp(g_svars[i].kernel, kernel))
      used = (used + g_svars[i].align - 1) / g_svars[i].align * g_svars[i].align + g_svars[i].size;
  size_t off = (used + align - 1) / align * align;
  if (off + bytes > kStaticShared || off + bytes < off) {
    char list[1024] = "";
    size_t len = 0;
    for (int i = 0, k = 0; i < g_nsvars && len + 80 < sizeof list; ++i)
      if (!strcmp(g_svars[i].kernel, kernel))
        len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s' %zu B", k++ ? ", " : "", g_svars[i].name,
                                g_svars[i].size);
    fail_at("onchip_overflow", Site{file, line, name},
            "shared memory overflow: __shared__ '%s' needs %zu bytes at offset %zu, but a block has %zu bytes of static "
            "shared memory (already placed: %s)", name, bytes, off, kStaticShared, len ? list : "nothing");
  }
  if (g_nsvars >= (int)(sizeof g_svars / sizeof g_svars[0]))
    fail_at("resource_limit", Site{file, line, name}, "too many __shared__ variables");
  if (align > kPage)
    fail_at("bad_intrinsic_argument", Site{file, line, name}, "__shared__ '%s': alignment %zu is too large", name, align);
  if (!g_sregion) {
    g_sregion = (char*)mmap(nullptr, kSharedRegion, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (g_sregion == MAP_FAILED) fail("resource_limit", "cannot reserve address space for shared memory");
  }
  size_t slot = (bytes + align - 1) / align * align;
  if (slot == 0) slot = align;
  size_t pages = (slot + kLeadCheck + kPage - 1) / kPage * kPage;
  if (g_sregion_used + pages + kPage > kSharedRegion)
    fail_at("resource_limit", Site{file, line, name}, "too much shared memory in one program");
  char* page = g_sregion + g_sregion_used;
  mprotect(page, pages, PROT_READ | PROT_WRITE);
  g_sregion_used += pages + kPage;        // the next page stays PROT_NONE: the guard
  SharedVar& v = g_svars[g_nsvars++];
  v = SharedVar{name, file, line, bytes, align, slot, page, page + pages - slot, kernel};
  memset(v.ptr - kLeadCheck, kCanary, kLeadCheck);
  memset(v.ptr, kPoison, bytes);
  memset(v.ptr + bytes, kCanary, slot - bytes);
  return v.ptr;
}

// the variables of the running kernel (refreshed when a block places new ones)
static int g_kvars[1024], g_nkvars = 0, g_kvars_seen = -1;
static const char* g_kvars_kernel = nullptr;

static void refresh_kernel_vars() {
  if (g_kvars_seen == g_nsvars && g_kvars_kernel == g_kernel) return;
  g_nkvars = 0;
  for (int i = 0; i < g_nsvars; ++i)
    if (!strcmp(g_svars[i].kernel, g_kernel)) g_kvars[g_nkvars++] = i;
  g_kvars_seen = g_nsvars;
  g_kvars_kernel = g_kernel;
}

static void poison_shared() {
  refresh_kernel_vars();
  for (int k = 0; k < g_nkvars; ++k) {
    SharedVar& v = g_svars[g_kvars[k]];
    memset(v.ptr - kLeadCheck, kCanary, kLeadCheck);
    memset(v.ptr, kPoison, v.size);
    memset(v.ptr + v.size, kCanary, v.slot - v.size);
  }
  if (g_dynamic_shared_bytes) {
    size_t slot = (g_dynamic_shared_bytes + 127) / 128 * 128;
    memset(g_dyn_base - kLeadCheck, kCanary, kLeadCheck);
    memset(g_dyn_base, kPoison, g_dynamic_shared_bytes);
    memset(g_dyn_base + g_dynamic_shared_bytes, kCanary, slot - g_dynamic_shared_bytes);
  }
}

static long first_changed(const char* p, size_t n) {
  for (size_t i = 0; i < n; ++i)
    if ((unsigned char)p[i] != kCanary) return (long)i;
  return -1;
}

// Writes that land in the padding next to a variable (not on a guard page) are found here.
static void check_shared_padding() {
  refresh_kernel_vars();
  for (int k = 0; k < g_nkvars; ++k) {
    const SharedVar& v = g_svars[g_kvars[k]];
    long after = first_changed(v.ptr + v.size, v.slot - v.size), before = first_changed(v.ptr - kLeadCheck, kLeadCheck);
    if (after < 0 && before < 0) continue;
    g_current = nullptr;
    if (after >= 0)
      fail_at("out_of_bounds", Site{v.file, v.line, v.name},
              "out-of-bounds write at byte offset %zu of __shared__ variable '%s' (%zu bytes) in block (%u,%u,%u) of %s "
              "(found in the padding after the variable when the block finished, so the writing line is unknown)",
              v.size + (size_t)after, v.name, v.size, g_block_idx.x, g_block_idx.y, g_block_idx.z, g_kernel);
    fail_at("out_of_bounds", Site{v.file, v.line, v.name},
            "out-of-bounds write %ld bytes before __shared__ variable '%s' (%zu bytes) in block (%u,%u,%u) of %s "
            "(found in the padding before the variable when the block finished, so the writing line is unknown)",
            (long)kLeadCheck - before, v.name, v.size, g_block_idx.x, g_block_idx.y, g_block_idx.z, g_kernel);
  }
  if (g_dynamic_shared_bytes) {
    size_t slot = (g_dynamic_shared_bytes + 127) / 128 * 128;
    long after = first_changed(g_dyn_base + g_dynamic_shared_bytes, slot - g_dynamic_shared_bytes);
    long before = first_changed(g_dyn_base - kLeadCheck, kLeadCheck);
    if (after >= 0 || before >= 0) {
      g_current = nullptr;
      fail_at("out_of_bounds", g_launch_site,
              "out-of-bounds write %s dynamic shared memory (launched with %zu bytes) in block (%u,%u,%u) of %s (found in "
              "the padding when the block finished, so the writing line is unknown)",
              after >= 0 ? "past the end of" : "before the start of", g_dynamic_shared_bytes, g_block_idx.x,
              g_block_idx.y, g_block_idx.z, g_kernel);
    }
  }
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
  g_current->pred = 0;
  wait_current(State::barrier);
}

static int g_barrier_count = 0;   // number of true predicates at the last barrier release

int syncthreads_reduce(const Site& site, int pred, int op) {
  g_current->wait = site;
  g_current->pred = pred != 0;
  wait_current(State::barrier);
  int count = g_barrier_count;     // set before release; the next release needs this thread again
  return op == 0 ? count : op == 1 ? count == g_nthreads : count != 0;
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
      unsigned long long missing = g.mask & g_warps[w].live & g_warps[w].exists & ~g.arrived;
      if (g.strict && missing) {
        int lane = __builtin_ctzll(missing), first = __builtin_ctzll(g.arrived);
        const Thread& other = g_threads[w * XPILER_WARP_SIZE + lane];
        g_current = &g_threads[w * XPILER_WARP_SIZE + first];
        char elsewhere[160];
        if (other.state == State::barrier || other.state == State::warp)
          snprintf(elsewhere, sizeof elsewhere, "waits at %s (line %d)", other.wait.what ? other.wait.what : "?",
                   other.wait.line);
        else
          snprintf(elsewhere, sizeof elsewhere, "is elsewhere");
        fail_at("divergent_warp", g.site,
                "%s with mask 0x%llx: lanes 0x%llx of warp %d arrived, but lane %d, named in the mask and not exited, %s "
                "(every non-exited lane named in the mask must call it)", g.op, g.mask, g.arrived, w, lane, elsewhere);
      }
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
    g_barrier_count = 0;
    for (int i = 0; i < n; ++i) {
      g_barrier_count += g_threads[i].pred;
      g_threads[i].state = State::ready;
    }
  }
}

const char* launch_kernel_name(const char* text) {
  static const char* keys[256];
  static char* names[256];
  static int n = 0;
  for (int i = 0; i < n; ++i)
    if (keys[i] == text) return names[i];
  size_t len = 0;
  int depth = 0;
  for (; text[len]; ++len) {
    char c = text[len];
    if (c == '(' || c == '<' || c == '[' || c == '{') ++depth;
    else if (c == ')' || c == '>' || c == ']' || c == '}') --depth;
    else if (c == ',' && depth <= 0) break;
  }
  while (len && text[len - 1] == ' ') --len;
  size_t start = 0;
  while (start < len && text[start] == ' ') ++start;
  char* name = (char*)malloc(len - start + 1);
  memcpy(name, text + start, len - start);
  name[len - start] = 0;
  if (n < 256) { keys[n] = text; names[n] = name; ++n; }
  return name;
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
    fail_at("bad_launch", site, "launch of %s asks for %zu bytes of dynamic shared memory; the limit is %zu", name,
            shmem, kMaxDynamicShared);
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
        poison_shared();
        run_block();
        check_shared_padding();
      }
  g_current = nullptr;
  g_kernel = "";
}

}  // namespace simt
}  // namespace xpiler
