// The BANG task engine: every task (one MLU core) runs as a fiber. Tasks of one union job run
// round-robin on one OS thread, each until it finishes or waits at an inter-core barrier, so a
// kernel without __sync_cluster/__sync_all runs task after task at function-call speed, while the
// barriers are real rendezvous with the participant counts of the hardware. Per-core NRAM, WRAM
// and LDRAM and per-cluster SRAM are fixed-address arenas whose contents are swapped when the
// scheduler switches to another core or cluster, so every core sees the same addresses.
//
// Launch geometry (see also BangModel.default_launch):
//   Block:  every task is a job of its own (one core); coreDim = 1, clusterDim = 0, clusterId = 0,
//           coreId = 0. A Block task has its own SRAM.
//   UnionN: 4 cores per cluster, N clusters per job; dim.x must be a multiple of 4N. Tasks are
//           numbered taskId = (taskIdZ*taskDimY + taskIdY)*taskDimX + taskIdX; task t runs on core
//           t % 4 of cluster t / 4, so coreId = taskId % 4, clusterId = taskId / 4, coreDim = 4,
//           clusterDim = taskDim / 4. Consecutive groups of N clusters form one union job; jobs
//           run one after another. __sync_cluster() synchronises the 4 cores of a cluster,
//           __sync_all()/__sync_all_ipu() the 4N cores of a job.
//   In a Block task __sync_cluster()/__sync_all() only wait for the task itself (no-ops).
//   The memory core (MPU) of each cluster is not emulated: __is_mpu() is false in every task and
//   barriers count only the compute cores (a kernel whose MPU code path only returns, the usual
//   `if (__is_mpu()) return;`, behaves exactly as on hardware).
#pragma once
#include <cstddef>
#include <cstdint>
#include <tuple>
#include <type_traits>
#include <utility>

#include "xpiler/fiber.h"
#include "xpiler/onchip.h"
#include "xpiler/report.h"
#include "xpiler_bang/types.h"

namespace xpiler {
namespace bang {

enum : int { kNramSpace = 1, kWramSpace = 2, kSramSpace = 3, kLdramSpace = 4 };
// Ids of the on-chip spaces (the first call sets the arenas up, so file-scope __nram__ variables
// can be placed during static initialisation).
int nram_space();
int wram_space();
int sram_space();
int ldram_space();

enum class Space : int { none = 0, gdram, nram, wram, sram, ldram };
enum class Barrier : unsigned char { none, cluster, all };
enum class TaskState : unsigned char { ready, waiting, done };

struct Task {
  int id, x, y, z;           // taskId, taskIdX/Y/Z
  int cluster, core;         // clusterId, coreId
  int slot;                  // index within the running job (owner of the per-core arenas)
  int cluster_slot;          // cluster index within the job (owner of SRAM)
  TaskState state;
  Barrier barrier;
  Site wait;
  void* sp;
};

struct Geometry {
  int dim_x, dim_y, dim_z, dim;
  int core_dim, cluster_dim;
  int func_type;             // 1 (Block), 4, 8, 16, 32, 64 (UnionN: the number of cores)
  int union_n;               // N of UnionN, 0 for Block
};

extern Task* g_task;
extern Geometry g_geo;

[[noreturn]] void outside_kernel(const char* what);
inline const Task& cur(const char* what) {
  if (!g_task) outside_kernel(what);
  return *g_task;
}
void barrier(const Site& site, Barrier kind);

typedef void (*BodyFn)(void* ctx);
void run_kernel(const char* name, const Site& site, cnrtDim3_t dim, int func_type, const void* queue, BodyFn body,
                void* ctx);

// ----- memory spaces and operand checks (runtime/bang_runtime.cpp)
Space space_of(const void* p);
const char* space_name(Space s);
// Check that [p, p+bytes) lies in space `want`; reports bad_intrinsic_argument (wrong space) or
// out_of_bounds (runs past the end of an arena or buffer), naming `operand` and the call site.
void need(const Site& site, const char* operand, const void* p, size_t bytes, Space want);
// Tasks of the same job see each other's queue launches; host copies warn about unsynced queues.
void note_queue_launch(const void* queue, const Site& site);
void note_queue_sync(const void* queue);
void check_queue_synced(const Site& site);

// ----- launching: k<<<dim, type, queue>>>(args) is rewritten to xpiler_launch(k, dim, type, queue)(args)
template <class... P>
struct Launcher {
  void (*kernel)(P...);
  const char* name;
  Site site;
  cnrtDim3_t dim;
  int type;
  const void* queue;

  template <class... A>
  void operator()(A&&... args) const {
    static_assert(sizeof...(A) == sizeof...(P), "kernel launched with the wrong number of arguments");
    std::tuple<typename std::decay<P>::type...> values(static_cast<P>(std::forward<A>(args))...);
    struct Ctx { void (*k)(P...); decltype(values)* v; } ctx{kernel, &values};
    run_kernel(name, site, dim, type, queue, [](void* c) { Ctx* x = (Ctx*)c; std::apply(x->k, *x->v); }, &ctx);
  }
};

template <class Q>
inline const void* queue_ptr(Q q) { return (const void*)(uintptr_t)q; }
template <class Q>
inline const void* queue_ptr(Q* q) { return (const void*)q; }

template <class... P, class Q>
inline Launcher<P...> launcher(void (*k)(P...), const char* name, const Site& site, cnrtDim3_t dim, int type, Q queue) {
  return Launcher<P...>{k, name, site, dim, type, queue_ptr(queue)};
}
template <class... P>
inline Launcher<P...> launcher(void (*k)(P...), const char* name, const Site& site, cnrtDim3_t dim, int type) {
  return Launcher<P...>{k, name, site, dim, type, nullptr};
}

}  // namespace bang
}  // namespace xpiler

// Built-in variables: int rvalues over the running task (cncc defines them as macros, too).
#define taskId (::xpiler::bang::cur("taskId").id + 0)
#define taskIdX (::xpiler::bang::cur("taskIdX").x + 0)
#define taskIdY (::xpiler::bang::cur("taskIdY").y + 0)
#define taskIdZ (::xpiler::bang::cur("taskIdZ").z + 0)
#define taskDim (::xpiler::bang::g_geo.dim + 0)
#define taskDimX (::xpiler::bang::g_geo.dim_x + 0)
#define taskDimY (::xpiler::bang::g_geo.dim_y + 0)
#define taskDimZ (::xpiler::bang::g_geo.dim_z + 0)
#define clusterId (::xpiler::bang::cur("clusterId").cluster + 0)
#define clusterDim (::xpiler::bang::g_geo.cluster_dim + 0)
#define coreId (::xpiler::bang::cur("coreId").core + 0)
#define coreDim (::xpiler::bang::g_geo.core_dim + 0)
inline bool __is_mpu() { return false; }
inline bool __is_ipu() { return true; }

#define xpiler_launch(k, ...) ::xpiler::bang::launcher(k, #k, XPILER_SITE("kernel launch"), __VA_ARGS__)

inline void* xpiler_dynamic_onchip_base(int space) {
  ::xpiler::OnchipSpace& s = ::xpiler::onchip_space(space);
  return s.base() + ((s.used() + 63) / 64 * 64);
}
