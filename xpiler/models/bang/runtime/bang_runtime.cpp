// The BANG task scheduler, the on-chip arenas with their per-core / per-cluster copies, operand and
// address-space checks, and the data-movement intrinsics (__memcpy family, fills, __bang_move).
#include <sys/mman.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "xpiler/memory.h"
#include "xpiler_bang/ops.h"
#include "xpiler_bang/runtime.h"

#ifndef __MLU_NRAM_SIZE__
#define __MLU_NRAM_SIZE__ 512
#endif
#ifndef __MLU_WRAM_SIZE__
#define __MLU_WRAM_SIZE__ 512
#endif
#ifndef __MLU_SRAM_SIZE__
#define __MLU_SRAM_SIZE__ 2048
#endif
#ifndef XPILER_BANG_LDRAM_KB
#define XPILER_BANG_LDRAM_KB 4096
#endif
#ifndef __BANG_ARCH__
#define __BANG_ARCH__ 592
#endif

extern "C" char __executable_start[], _end[];

namespace xpiler {
namespace bang {

Task* g_task = nullptr;
Geometry g_geo{1, 1, 1, 1, 1, 0, 1, 0};
static const char* g_kernel = "";

}  // namespace bang

const char* current_kernel() { return bang::g_kernel; }

void describe_current_worker(char* buf, size_t n) {
  using namespace bang;
  if (!g_task || !*g_kernel) { if (n) buf[0] = 0; return; }
  if (g_geo.union_n == 0)
    snprintf(buf, n, "task %d of %d (Block)", g_task->id, g_geo.dim);
  else
    snprintf(buf, n, "task %d of %d (cluster %d, core %d, Union%d)", g_task->id, g_geo.dim, g_task->cluster,
             g_task->core, g_geo.union_n);
}

namespace bang {

// ---------------------------------------------------------------- arenas with owners
// One fixed-address arena per space (xpiler::OnchipSpace). Its contents belong to one owner (core
// or cluster) at a time; switching owners saves the placed part of the arena (up to the end of the
// last variable) and restores the next owner's copy, so addresses are identical on every core.
struct Bank {
  OnchipSpace* space = nullptr;
  std::vector<std::vector<char>> copies;
  int active = 0;

  void begin(int owners) {
    copies.assign((size_t)owners, std::vector<char>());
    active = 0;
    if (space->used()) memset(space->base(), 0xff, space->used());   // on-chip memory starts undefined
  }
  void activate(int owner) {
    if (owner == active) return;
    size_t ext = space->used();
    char* base = space->base();
    copies[(size_t)active].assign(base, base + ext);
    std::vector<char>& next = copies[(size_t)owner];
    size_t have = next.size() < ext ? next.size() : ext;
    if (have) memcpy(base, next.data(), have);
    if (ext > have) memset(base + have, 0xff, ext - have);
    active = owner;
  }
};

struct Arenas {
  OnchipSpace nram{"NRAM", (size_t)__MLU_NRAM_SIZE__ * 1024};
  OnchipSpace wram{"WRAM", (size_t)__MLU_WRAM_SIZE__ * 1024};
  OnchipSpace sram{"SRAM", (size_t)__MLU_SRAM_SIZE__ * 1024};
  OnchipSpace ldram{"LDRAM", (size_t)XPILER_BANG_LDRAM_KB * 1024};
  Bank core_banks[3];   // NRAM, WRAM, LDRAM: one copy per core
  Bank sram_bank;       // one copy per cluster
  Arenas();
};

static bool explain_arena_fault(const void* addr, bool is_write, const char** kind, char* msg, size_t n);

static Arenas& arenas() {
  static Arenas* a = nullptr;
  if (!a) a = new Arenas();
  return *a;
}

Arenas::Arenas() {
  onchip_register_space(kNramSpace, &nram);
  onchip_register_space(kWramSpace, &wram);
  onchip_register_space(kSramSpace, &sram);
  onchip_register_space(kLdramSpace, &ldram);
  core_banks[0].space = &nram;
  core_banks[1].space = &wram;
  core_banks[2].space = &ldram;
  sram_bank.space = &sram;
  for (Bank& b : core_banks) b.copies.resize(1);
  sram_bank.copies.resize(1);
  add_fault_explainer(explain_arena_fault);
}

int nram_space() { arenas(); return kNramSpace; }
int wram_space() { arenas(); return kWramSpace; }
int sram_space() { arenas(); return kSramSpace; }
int ldram_space() { arenas(); return kLdramSpace; }
static struct EarlyInit { EarlyInit() { arenas(); } } g_early_init;

static OnchipSpace* arena_of(Space s) {
  Arenas& a = arenas();
  switch (s) {
    case Space::nram: return &a.nram;
    case Space::wram: return &a.wram;
    case Space::sram: return &a.sram;
    case Space::ldram: return &a.ldram;
    default: return nullptr;
  }
}

static void describe_vars(const OnchipSpace& s, char* out, size_t n) {
  size_t len = 0;
  out[0] = 0;
  for (int i = 0; i < s.var_count() && len + 80 < n; ++i)
    len += (size_t)snprintf(out + len, n - len, "%s'%s' at %zu (%zu B)", i ? ", " : "", s.var(i).name, s.var(i).offset,
                            s.var(i).size);
  if (!s.var_count()) snprintf(out, n, "none");
}

static bool explain_arena_fault(const void* addr, bool is_write, const char** kind, char* msg, size_t n) {
  const char* a = (const char*)addr;
  for (Space sp : {Space::nram, Space::wram, Space::sram, Space::ldram}) {
    OnchipSpace* s = arena_of(sp);
    if (a < s->base() - 4096 || a >= s->base() + s->capacity() + 4096) continue;
    char vars[600];
    describe_vars(*s, vars, sizeof vars);
    *kind = "out_of_bounds";
    snprintf(msg, n, "out-of-bounds %s at %s offset %ld: %s holds %zu bytes per %s (variables: %s)",
             is_write ? "write" : "read", s->name(), (long)(a - s->base()), s->name(), s->capacity(),
             sp == Space::sram ? "cluster" : "core", vars);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- spaces and operand checks
const char* space_name(Space s) {
  switch (s) {
    case Space::gdram: return "GDRAM";
    case Space::nram: return "NRAM";
    case Space::wram: return "WRAM";
    case Space::sram: return "SRAM";
    case Space::ldram: return "LDRAM";
    default: return "no emulated memory";
  }
}

static bool in_static_data(const void* p, size_t bytes) {
  const char* c = (const char*)p;
  return c >= __executable_start && c + bytes <= _end && c + bytes >= c;
}

Space space_of(const void* p) {
  for (Space sp : {Space::nram, Space::wram, Space::sram, Space::ldram})
    if (arena_of(sp)->contains(p, 1)) return sp;
  const Allocation* a = allocation_containing(p, 1);
  if (a && a->kind == MemKind::device) return Space::gdram;
  if (in_static_data(p, 1)) return Space::gdram;   // __mlu_device__ / __mlu_const__ globals
  return Space::none;
}

static void describe_address(const void* p, char* out, size_t n) {
  for (Space sp : {Space::nram, Space::wram, Space::sram, Space::ldram}) {
    OnchipSpace* s = arena_of(sp);
    if (s->contains(p, 1)) {
      snprintf(out, n, "into %s (offset %ld)", s->name(), (long)((const char*)p - s->base()));
      return;
    }
  }
  long off = 0;
  const Allocation* a = allocation_for_fault(p, &off);
  if (a) {
    const char* what = a->kind == MemKind::device ? "GDRAM buffer" : a->kind == MemKind::host ? "host buffer" : "buffer";
    if (!a->live) snprintf(out, n, "into %s '%s', which was freed", what, a->name);
    else snprintf(out, n, "into %s '%s' (offset %ld of %zu bytes)", what, a->name, off, a->size);
    return;
  }
  if (in_static_data(p, 1)) { snprintf(out, n, "into a global variable (GDRAM)"); return; }
  snprintf(out, n, "to %p, which is no emulated device memory (a host or stack address?)", p);
}

void need(const Site& site, const char* operand, const void* p, size_t bytes, Space want) {
  if (bytes == 0) bytes = 1;
  char where[300];
  if (want != Space::gdram) {
    OnchipSpace* s = arena_of(want);
    if (s->contains(p, 1)) {
      if (!s->contains(p, bytes))
        fail_at("out_of_bounds", site, "%s: %s covers %zu bytes from %s offset %ld, past the end of %s (%zu bytes)",
                site.what, operand, bytes, s->name(), (long)((const char*)p - s->base()), s->name(), s->capacity());
      return;
    }
    describe_address(p, where, sizeof where);
    fail_at("bad_intrinsic_argument", site, "%s: %s must point into %s, but it points %s", site.what, operand,
            s->name(), where);
  }
  const Allocation* a = allocation_containing(p, 1);
  if (a && a->kind == MemKind::device) {
    if ((const char*)p + bytes > a->user + a->size || (const char*)p + bytes < (const char*)p)
      fail_at("out_of_bounds", site, "%s: %s covers bytes [%ld, %ld) of GDRAM buffer '%s', which has %zu bytes",
              site.what, operand, (long)((const char*)p - a->user), (long)((const char*)p - a->user) + (long)bytes,
              a->name, a->size);
    return;
  }
  if (in_static_data(p, bytes)) return;
  long off = 0;
  const Allocation* f = allocation_for_fault(p, &off);
  if (f && f->kind == MemKind::device && f->live)
    fail_at("out_of_bounds", site, "%s: %s covers bytes [%ld, %ld) of GDRAM buffer '%s', which has %zu bytes",
            site.what, operand, off, off + (long)bytes, f->name, f->size);
  describe_address(p, where, sizeof where);
  fail_at("bad_intrinsic_argument", site, "%s: %s must point into GDRAM, but it points %s", site.what, operand, where);
}

// ---------------------------------------------------------------- queues (host side)
struct PendingLaunch { const void* queue; Site site; };
static PendingLaunch g_pending[64];
static int g_npending = 0;

void note_queue_launch(const void* queue, const Site& site) {
  if (!queue) return;
  for (int i = 0; i < g_npending; ++i)
    if (g_pending[i].queue == queue) return;
  if (g_npending < 64) g_pending[g_npending++] = PendingLaunch{queue, site};
}
void note_queue_sync(const void* queue) {
  for (int i = 0; i < g_npending; ++i)
    if (g_pending[i].queue == queue || !queue) g_pending[i--] = g_pending[--g_npending];
}
void check_queue_synced(const Site& site) {
  if (!g_npending) return;
  note("%s:%d: %s copies device memory to the host while the kernel launched at %s:%d has not been synchronised "
       "(cnrtQueueSync); on hardware the copy may run before the kernel has finished",
       site.file, site.line, site.what, g_pending[0].site.file, g_pending[0].site.line);
  g_npending = 0;
}

// ---------------------------------------------------------------- the scheduler
enum { kMaxJob = 64 };
static Task g_tasks[kMaxJob];
static FiberStack g_stacks[kMaxJob];
static int g_nstacks = 0;
static int g_job = 0;            // tasks in the running job
static void* g_sched_sp = nullptr;
static BodyFn g_body = nullptr;
static void* g_ctx = nullptr;

[[noreturn]] void outside_kernel(const char* what) {
  fail("bad_builtin", "'%s' was read outside a kernel (it only has a value inside a __mlu_global__ function)", what);
}

static size_t stack_bytes() {
  const char* e = getenv("XPILER_STACK_KB");
  size_t kb = e ? (size_t)atol(e) : 256;
  return (kb < 16 ? 16 : kb) * 1024;
}

static void task_main(void* arg) {
  Task* t = (Task*)arg;
  g_body(g_ctx);
  t->state = TaskState::done;
  void* dummy;
  xpiler_ctx_switch(&dummy, g_sched_sp);
  __builtin_unreachable();
}

static const char* barrier_name(Barrier b) {
  return b == Barrier::cluster ? "__sync_cluster()" : b == Barrier::all ? "__sync_all()" : "no barrier";
}

static void group_of(const Task& t, Barrier kind, int* lo, int* hi) {
  if (kind == Barrier::cluster) { *lo = t.cluster_slot * 4; *hi = *lo + 4; }
  else { *lo = 0; *hi = g_job; }
}

void barrier(const Site& site, Barrier kind) {
  Task* t = g_task;
  if (!t || !*g_kernel) fail_at("bad_builtin", site, "%s called outside a kernel", site.what);
  if (g_geo.union_n == 0) return;   // a Block task is alone in its job
  t->state = TaskState::waiting;
  t->barrier = kind;
  t->wait = site;
  int lo, hi;
  group_of(*t, kind, &lo, &hi);
  bool complete = true;
  for (int i = lo; i < hi && complete; ++i)
    complete = g_tasks[i].state == TaskState::waiting && g_tasks[i].barrier == kind;
  if (complete) {
    for (int i = lo; i < hi; ++i) { g_tasks[i].state = TaskState::ready; g_tasks[i].barrier = Barrier::none; }
    return;
  }
  xpiler_ctx_switch(&t->sp, g_sched_sp);
  g_task = t;
}

static void activate(const Task& t) {
  Arenas& a = arenas();
  for (Bank& b : a.core_banks) b.activate(t.slot);
  a.sram_bank.activate(t.cluster_slot);
}

[[noreturn]] static void report_deadlock() {
  Task* w = nullptr;
  for (int i = 0; i < g_job && !w; ++i)
    if (g_tasks[i].state == TaskState::waiting) w = &g_tasks[i];
  if (!w) fail("deadlock", "no task of kernel %s can make progress", g_kernel);
  g_task = w;
  int lo, hi;
  group_of(*w, w->barrier, &lo, &hi);
  const char* scope = w->barrier == Barrier::cluster ? "the 4 cores of its cluster" : "all cores of its union job";
  for (int i = lo; i < hi; ++i) {
    const Task& o = g_tasks[i];
    if (o.state == TaskState::done)
      fail_at("deadlock", w->wait,
              "task %d (cluster %d, core %d) waits at %s, which needs %s, but task %d (cluster %d, core %d) "
              "already finished the kernel without reaching it", w->id, w->cluster, w->core, barrier_name(w->barrier),
              scope, o.id, o.cluster, o.core);
    if (o.state == TaskState::waiting && o.barrier != w->barrier)
      fail_at("deadlock", w->wait,
              "task %d (cluster %d, core %d) waits at %s, which needs %s, while task %d (cluster %d, core %d) "
              "waits at %s (%s:%d)", w->id, w->cluster, w->core, barrier_name(w->barrier), scope, o.id, o.cluster,
              o.core, barrier_name(o.barrier), o.wait.file, o.wait.line);
  }
  fail_at("deadlock", w->wait, "task %d waits at %s forever", w->id, barrier_name(w->barrier));
}

static void run_job(int first) {
  for (;;) {
    bool ran = false;
    for (int i = 0; i < g_job; ++i) {
      Task& t = g_tasks[i];
      if (t.state != TaskState::ready) continue;
      activate(t);
      g_task = &t;
      xpiler_ctx_switch(&g_sched_sp, t.sp);
      ran = true;
    }
    if (ran) continue;
    bool all_done = true;
    for (int i = 0; i < g_job; ++i) all_done = all_done && g_tasks[i].state == TaskState::done;
    if (all_done) return;
    (void)first;
    report_deadlock();
  }
}

void run_kernel(const char* name, const Site& site, cnrtDim3_t dim, int func_type, const void* queue, BodyFn body,
                void* ctx) {
  arenas();
  if (*g_kernel)
    fail_at("bad_launch", site, "kernel %s launched from inside kernel %s", name, g_kernel);
  int n_union = 0;
  switch (func_type) {
    case 1: n_union = 0; break;
    case 4: case 8: case 16: case 32: case 64: n_union = func_type / 4; break;
    default:
      fail_at("bad_launch", site, "launch of %s with function type %d; expected cnrtFuncTypeBlock (1) or "
              "cnrtFuncTypeUnion1/2/4/8/16 (4/8/16/32/64)", name, func_type);
  }
  if (dim.x == 0 || dim.y == 0 || dim.z == 0)
    fail_at("bad_launch", site, "launch of %s with an empty dimension {%u, %u, %u}", name, dim.x, dim.y, dim.z);
  unsigned long long total = (unsigned long long)dim.x * dim.y * dim.z;
  if (total > (1ull << 24))
    fail_at("bad_launch", site, "launch of %s with %llu tasks", name, total);
  if (n_union && dim.x % (unsigned)(4 * n_union))
    fail_at("bad_launch", site, "a Union%d launch needs dim.x to be a multiple of %d (4 cores per cluster x %d "
            "cluster%s), but %s is launched with dim = {%u, %u, %u}", n_union, 4 * n_union, n_union,
            n_union > 1 ? "s" : "", name, dim.x, dim.y, dim.z);
  g_geo.dim_x = (int)dim.x; g_geo.dim_y = (int)dim.y; g_geo.dim_z = (int)dim.z; g_geo.dim = (int)total;
  g_geo.func_type = func_type;
  g_geo.union_n = n_union;
  g_geo.core_dim = n_union ? 4 : 1;
  g_geo.cluster_dim = n_union ? (int)(total / 4) : 0;
  g_kernel = name;
  g_body = body;
  g_ctx = ctx;
  int job = n_union ? 4 * n_union : 1;
  while (g_nstacks < job) g_stacks[g_nstacks++] = fiber_stack_alloc(stack_bytes());
  Arenas& a = arenas();
  for (int first = 0; first < (int)total; first += job) {
    g_job = job;
    for (Bank& b : a.core_banks) b.begin(job);
    a.sram_bank.begin(n_union ? n_union : 1);
    for (int s = 0; s < job; ++s) {
      Task& t = g_tasks[s];
      int id = first + s;
      t.id = id;
      t.x = id % g_geo.dim_x;
      t.y = id / g_geo.dim_x % g_geo.dim_y;
      t.z = id / (g_geo.dim_x * g_geo.dim_y);
      t.cluster = n_union ? id / 4 : 0;
      t.core = n_union ? id % 4 : 0;
      t.slot = s;
      t.cluster_slot = n_union ? s / 4 : 0;
      t.state = TaskState::ready;
      t.barrier = Barrier::none;
      t.wait = Site{"", 0, ""};
      t.sp = fiber_prepare(g_stacks[s], task_main, &t);
    }
    run_job(first);
  }
  g_task = nullptr;
  g_kernel = "";
  note_queue_launch(queue, site);
}

// ---------------------------------------------------------------- data movement
static const Space kDir[24][2] = {   // {source, destination}
  {Space::gdram, Space::nram}, {Space::nram, Space::gdram}, {Space::ldram, Space::nram}, {Space::nram, Space::ldram},
  {Space::gdram, Space::wram}, {Space::wram, Space::gdram}, {Space::ldram, Space::wram}, {Space::wram, Space::ldram},
  {Space::nram, Space::nram}, {Space::nram, Space::wram}, {Space::wram, Space::nram}, {Space::gdram, Space::sram},
  {Space::sram, Space::gdram}, {Space::ldram, Space::sram}, {Space::sram, Space::ldram}, {Space::sram, Space::nram},
  {Space::nram, Space::sram}, {Space::sram, Space::wram}, {Space::wram, Space::sram}, {Space::gdram, Space::gdram},
  {Space::gdram, Space::ldram}, {Space::ldram, Space::gdram}, {Space::ldram, Space::ldram}, {Space::sram, Space::sram}};
static const char* const kDirName[24] = {
  "GDRAM2NRAM", "NRAM2GDRAM", "LDRAM2NRAM", "NRAM2LDRAM", "GDRAM2WRAM", "WRAM2GDRAM", "LDRAM2WRAM", "WRAM2LDRAM",
  "NRAM2NRAM", "NRAM2WRAM", "WRAM2NRAM", "GDRAM2SRAM", "SRAM2GDRAM", "LDRAM2SRAM", "SRAM2LDRAM", "SRAM2NRAM",
  "NRAM2SRAM", "SRAM2WRAM", "WRAM2SRAM", "GDRAM2GDRAM", "GDRAM2LDRAM", "LDRAM2GDRAM", "LDRAM2LDRAM", "SRAM2SRAM"};

static void check_dir(const Site& s, int dir) {
  if (dir < 0 || dir > 23)
    fail_at("bad_intrinsic_argument", s, "%s: %d is not a mluMemcpyDirection_t value (0..23)", s.what, dir);
  if (__MLU_SRAM_SIZE__ == 0 && (kDir[dir][0] == Space::sram || kDir[dir][1] == Space::sram))
    fail_at("bad_intrinsic_argument", s, "%s: %s needs SRAM, which this architecture does not have", s.what,
            kDirName[dir]);
}

// WRAM rules (G46 Tables 3.1, 3.3, 3.8, 3.9): 8-byte aligned addresses; a 1D copy moves a multiple
// of 16 bytes (64 on 2xx); strides on the WRAM side of 2D/3D copies are multiples of 8 bytes.
static void check_wram_side(const Site& s, int dir, const void* dst, const void* src, unsigned size, bool one_d,
                            long dst_stride, long src_stride) {
  bool wd = kDir[dir][1] == Space::wram, ws = kDir[dir][0] == Space::wram;
  if (!wd && !ws) return;
  const void* w = wd ? dst : src;
  if ((uintptr_t)w % 8)
    fail_at("bad_intrinsic_argument", s, "%s %s: WRAM addresses must be 8-byte aligned (WRAM offset %ld)", s.what,
            kDirName[dir], (long)((const char*)w - arena_of(Space::wram)->base()));
  unsigned mult = __BANG_ARCH__ >= 300 ? 16 : 64;
  if (one_d && size % mult)
    fail_at("bad_intrinsic_argument", s, "%s %s: a 1D copy into or out of WRAM needs a size that is a multiple of %u "
            "bytes (got %u)", s.what, kDirName[dir], mult, size);
  long st = wd ? dst_stride : src_stride;
  if (!one_d && st % 8)
    fail_at("bad_intrinsic_argument", s, "%s %s: strides on the WRAM side must be multiples of 8 bytes (got %ld)",
            s.what, kDirName[dir], st);
}

static void chunk(const Site& s, int dir, char* d, const char* src, unsigned size, long index, long count) {
  char what[96];
  if (count > 1) snprintf(what, sizeof what, "the destination of segment %ld of %ld", index, count);
  else snprintf(what, sizeof what, "the destination");
  need(s, what, d, size, kDir[dir][1]);
  if (count > 1) snprintf(what, sizeof what, "the source of segment %ld of %ld", index, count);
  else snprintf(what, sizeof what, "the source");
  need(s, what, src, size, kDir[dir][0]);
}

void memcpy_1d(const Site& s, void* dst, const void* src, unsigned size, int dir) {
  check_dir(s, dir);
  if (size == 0) fail_at("bad_intrinsic_argument", s, "%s: size must be > 0", s.what);
  check_wram_side(s, dir, dst, src, size, true, 0, 0);
  chunk(s, dir, (char*)dst, (const char*)src, size, 0, 1);
  memmove(dst, src, size);
}

void memcpy_2d(const Site& s, void* dst, const void* src, unsigned size, int dir, unsigned dst_stride, int src_stride,
               unsigned segnum) {
  check_dir(s, dir);
  if (size == 0) fail_at("bad_intrinsic_argument", s, "%s: size must be > 0", s.what);
  if (segnum > 65535)
    fail_at("bad_intrinsic_argument", s, "%s: segnum (the number of segments minus one) must lie in [0, 65535], got %u",
            s.what, segnum);
  if (dst_stride < size)
    fail_at("bad_intrinsic_argument", s, "%s: dst_stride (%u) must be at least size (%u)", s.what, dst_stride, size);
  check_wram_side(s, dir, dst, src, size, false, (long)dst_stride, (long)src_stride);
  for (unsigned r = 0; r <= segnum; ++r)
    chunk(s, dir, (char*)dst + (size_t)r * dst_stride, (const char*)src + (long)r * src_stride, size, r,
          (long)segnum + 1);
  for (unsigned r = 0; r <= segnum; ++r)
    memmove((char*)dst + (size_t)r * dst_stride, (const char*)src + (long)r * src_stride, size);
}

void memcpy_3d(const Site& s, void* dst, const void* src, unsigned size, int dir, int ds0, int dn1, int ds1, int dn2,
               int ss0, int sn1, int ss1, int sn2) {
  check_dir(s, dir);
  if (size == 0) fail_at("bad_intrinsic_argument", s, "%s: size must be > 0", s.what);
  const int segs[4] = {dn1, dn2, sn1, sn2};
  const char* seg_names[4] = {"dst_segnum1", "dst_segnum2", "src_segnum1", "src_segnum2"};
  for (int i = 0; i < 4; ++i)
    if (segs[i] < 0 || segs[i] > 65535)
      fail_at("bad_intrinsic_argument", s, "%s: %s must lie in [0, 65535], got %d", s.what, seg_names[i], segs[i]);
  const int strides[4] = {ds0, ds1, ss0, ss1};
  const char* stride_names[4] = {"dst_stride0", "dst_stride1", "src_stride0", "src_stride1"};
  for (int i = 0; i < 4; ++i) {
    long st = strides[i] < 0 ? -(long)strides[i] : strides[i];
    if (st < (long)size && !(strides[i] == 0 && segs[i] == 0))
      fail_at("bad_intrinsic_argument", s, "%s: |%s| (%d) must be at least size (%u) unless it and its segnum are 0",
              s.what, stride_names[i], strides[i], size);
  }
  long nd = (long)(dn1 + 1) * (dn2 + 1), ns = (long)(sn1 + 1) * (sn2 + 1);
  if (nd != ns)
    fail_at("bad_intrinsic_argument", s, "%s: the destination has %ld segments ((dst_segnum1+1)*(dst_segnum2+1)) but "
            "the source has %ld", s.what, nd, ns);
  check_wram_side(s, dir, dst, src, size, false, ds0, ss0);
  check_wram_side(s, dir, dst, src, size, false, ds1, ss1);
  for (int pass = 0; pass < 2; ++pass) {
    long k = 0;
    for (int j = 0; j <= sn2; ++j)
      for (int i = 0; i <= sn1; ++i, ++k) {
        char* d = (char*)dst + (k / (dn1 + 1)) * (long)ds1 + (k % (dn1 + 1)) * (long)ds0;
        const char* sp = (const char*)src + (long)j * ss1 + (long)i * ss0;
        if (pass == 0) chunk(s, dir, d, sp, size, k, ns);
        else memmove(d, sp, size);
      }
  }
}

void fill(const Site& s, Space space, void* dst, unsigned n, const void* value, size_t value_size) {
  if (n == 0) fail_at("bad_intrinsic_argument", s, "%s: the element count must be > 0", s.what);
  need(s, "dst", dst, (size_t)n * value_size, space);
  char* d = (char*)dst;
  for (unsigned i = 0; i < n; ++i) memcpy(d + (size_t)i * value_size, value, value_size);
}

void move(const Site& s, void* dst, const void* src, unsigned size, bool strided, unsigned dst_stride,
          unsigned src_stride, unsigned segnum) {
  if (size == 0) fail_at("bad_intrinsic_argument", s, "%s: size must be > 0", s.what);
  if (!strided) {
    need(s, "dst", dst, size, Space::nram);
    need(s, "src", src, size, Space::nram);
    memmove(dst, src, size);
    return;
  }
  if (segnum > 65535) fail_at("bad_intrinsic_argument", s, "%s: segnum must lie in [0, 65535]", s.what);
  for (unsigned r = 0; r <= segnum; ++r) {
    need(s, "dst", (char*)dst + (size_t)r * dst_stride, size, Space::nram);
    need(s, "src", (const char*)src + (size_t)r * src_stride, size, Space::nram);
  }
  for (unsigned r = 0; r <= segnum; ++r)
    memmove((char*)dst + (size_t)r * dst_stride, (const char*)src + (size_t)r * src_stride, size);
}

}  // namespace bang
}  // namespace xpiler
