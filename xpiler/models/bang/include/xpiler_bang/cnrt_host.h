// The CNRT host runtime subset: device memory (guarded buffers), copies checked against the
// buffers they touch, queues (kernels run synchronously at launch), notifiers, device attributes.
#pragma once
#include <cstdio>
#include <cstring>

#include "xpiler/gpu_runtime.h"
#include "xpiler/memory.h"
#include "xpiler/report.h"
#include "xpiler_bang/runtime.h"

typedef enum cnrtRet {
  cnrtSuccess = 0, CNRT_RET_SUCCESS = 0, cnrtErrorArgsInvalid = 100002, cnrtErrorNoMem = 100006,
  cnrtErrorInvalidDevice = 100009, cnrtErrorSys = 100001
} cnrtRet_t;
typedef cnrtRet_t cnrtStatus;

typedef enum cnrtMemTransDir {
  cnrtMemcpyHostToDev = 0, cnrtMemcpyDevToDev = 1, cnrtMemcpyDevToHost = 2, cnrtMemcpyHostToHost = 3,
  cnrtMemcpyPeerToPeer = 4, cnrtMemcpyNoDirection = 5,
  CNRT_MEM_TRANS_DIR_HOST2DEV = 0, CNRT_MEM_TRANS_DIR_DEV2DEV = 1, CNRT_MEM_TRANS_DIR_DEV2HOST = 2,
  CNRT_MEM_TRANS_DIR_HOST2HOST = 3, CNRT_MEM_TRANS_DIR_PEER2PEER = 4, CNRT_MEM_TRANS_DIR_NODIR = 5
} cnrtMemTransDir_t;

typedef enum cnrtDeviceAttr {
  cnrtAttrClusterCount = 0, cnrtAttrMcorePerCluster = 1, cnrtAttrNramSizePerMcore = 2,
  cnrtAttrWramSizePerMcore = 3, cnrtAttrSramSizePerMcore = 4, cnrtAttrMaxClusterPerUnionLimitTask = 5
} cnrtDeviceAttr_t;

struct cnrtQueue { int id; };
typedef struct cnrtQueue* cnrtQueue_t;
typedef xpiler::gpurt::Event* cnrtNotifier_t;
typedef int cnrtDev_t;

// The emulated device: 4 clusters of 4 cores (the default launch geometry).
#ifndef XPILER_BANG_CLUSTERS
#define XPILER_BANG_CLUSTERS 4
#endif

namespace xpiler {
namespace bang {
namespace host {

inline cnrtRet_t malloc_(const Site& site, void** p, size_t n) {
  static int counter = 0;
  if (!p) fail_at("bad_argument", site, "cnrtMalloc: null pointer for the result");
  char name[80];
  snprintf(name, sizeof name, "cnrtMalloc #%d (line %d)", ++counter, site.line);
  *p = guarded_alloc(n, name, MemKind::device);
  return *p ? cnrtSuccess : cnrtErrorNoMem;
}
inline cnrtRet_t free_(const Site& site, void* p) { gpurt::free_(site, p); return cnrtSuccess; }

inline cnrtRet_t memcpy_(const Site& site, void* dst, const void* src, size_t n, int dir) {
  static const int kind[6] = {gpurt::host_to_device, gpurt::device_to_device, gpurt::device_to_host,
                              gpurt::host_to_host, gpurt::device_to_device, gpurt::copy_default};
  if (dir < 0 || dir > 5)
    fail_at("bad_argument", site, "%s: %d is not a cnrtMemTransDir_t value", site.what, dir);
  if (dir == cnrtMemcpyDevToHost || dir == cnrtMemcpyDevToDev) check_queue_synced(site);
  gpurt::memcpy_(site, dst, src, n, kind[dir]);
  return cnrtSuccess;
}
inline cnrtRet_t memset_(const Site& site, void* dst, int value, size_t n) {
  gpurt::memset_(site, dst, value, n);
  return cnrtSuccess;
}
inline cnrtRet_t queue_create(cnrtQueue_t* q) { static int n = 0; *q = new cnrtQueue{++n}; return cnrtSuccess; }
inline cnrtRet_t queue_destroy(cnrtQueue_t q) { note_queue_sync(q); delete q; return cnrtSuccess; }
inline cnrtRet_t queue_sync(cnrtQueue_t q) { note_queue_sync(q); return cnrtSuccess; }
inline cnrtRet_t attribute(int* value, int attr) {
  switch (attr) {
    case cnrtAttrClusterCount: *value = XPILER_BANG_CLUSTERS; break;
    case cnrtAttrMcorePerCluster: *value = 4; break;
    case cnrtAttrNramSizePerMcore: *value = __MLU_NRAM_SIZE__ * 1024; break;
    case cnrtAttrWramSizePerMcore: *value = __MLU_WRAM_SIZE__ * 1024; break;
    case cnrtAttrSramSizePerMcore: *value = __MLU_SRAM_SIZE__ * 1024; break;
    case cnrtAttrMaxClusterPerUnionLimitTask: *value = XPILER_BANG_CLUSTERS; break;
    default: return cnrtErrorArgsInvalid;
  }
  return cnrtSuccess;
}

}  // namespace host
}  // namespace bang
}  // namespace xpiler

#define cnrtMalloc(p, n) ::xpiler::bang::host::malloc_(XPILER_SITE("cnrtMalloc"), (void**)(p), (size_t)(n))
#define cnrtFree(p) ::xpiler::bang::host::free_(XPILER_SITE("cnrtFree"), (void*)(p))
#define cnrtMemcpy(d, s, n, dir) \
  ::xpiler::bang::host::memcpy_(XPILER_SITE("cnrtMemcpy"), (void*)(d), (const void*)(s), (size_t)(n), (int)(dir))
#define cnrtMemcpyAsync(d, s, n, q, dir) \
  ::xpiler::bang::host::memcpy_(XPILER_SITE("cnrtMemcpyAsync"), (void*)(d), (const void*)(s), (size_t)(n), (int)(dir))
#define cnrtMemset(d, v, n) ::xpiler::bang::host::memset_(XPILER_SITE("cnrtMemset"), (void*)(d), (int)(v), (size_t)(n))
inline cnrtRet_t cnrtQueueCreate(cnrtQueue_t* q) { return ::xpiler::bang::host::queue_create(q); }
inline cnrtRet_t cnrtCreateQueue(cnrtQueue_t* q) { return ::xpiler::bang::host::queue_create(q); }
inline cnrtRet_t cnrtQueueDestroy(cnrtQueue_t q) { return ::xpiler::bang::host::queue_destroy(q); }
inline cnrtRet_t cnrtDestroyQueue(cnrtQueue_t q) { return ::xpiler::bang::host::queue_destroy(q); }
inline cnrtRet_t cnrtQueueSync(cnrtQueue_t q) { return ::xpiler::bang::host::queue_sync(q); }
inline cnrtRet_t cnrtSyncQueue(cnrtQueue_t q) { return ::xpiler::bang::host::queue_sync(q); }
inline cnrtRet_t cnrtSyncDevice() { ::xpiler::bang::note_queue_sync(nullptr); return cnrtSuccess; }
inline cnrtRet_t cnrtSetDevice(int) { return cnrtSuccess; }
inline cnrtRet_t cnrtGetDevice(int* d) { *d = 0; return cnrtSuccess; }
inline cnrtRet_t cnrtGetDeviceCount(unsigned int* n) { *n = 1; return cnrtSuccess; }
inline cnrtRet_t cnrtInit(unsigned int) { return cnrtSuccess; }
inline void cnrtDestroy() {}
inline cnrtRet_t cnrtDeviceGetAttribute(int* value, cnrtDeviceAttr_t attr, int) {
  return ::xpiler::bang::host::attribute(value, attr);
}
inline cnrtRet_t cnrtNotifierCreate(cnrtNotifier_t* n) { return (cnrtRet_t)::xpiler::gpurt::event_create(n); }
inline cnrtRet_t cnrtCreateNotifier(cnrtNotifier_t* n) { return (cnrtRet_t)::xpiler::gpurt::event_create(n); }
inline cnrtRet_t cnrtNotifierDestroy(cnrtNotifier_t n) { return (cnrtRet_t)::xpiler::gpurt::event_destroy(n); }
inline cnrtRet_t cnrtDestroyNotifier(cnrtNotifier_t* n) { return (cnrtRet_t)::xpiler::gpurt::event_destroy(*n); }
inline cnrtRet_t cnrtPlaceNotifier(cnrtNotifier_t n, cnrtQueue_t) { return (cnrtRet_t)::xpiler::gpurt::event_record(n); }
inline cnrtRet_t cnrtWaitNotifier(cnrtNotifier_t) { return cnrtSuccess; }
inline cnrtRet_t cnrtQueueWaitNotifier(cnrtNotifier_t, cnrtQueue_t, unsigned int) { return cnrtSuccess; }
// microseconds between two placed notifiers
inline cnrtRet_t cnrtNotifierDuration(cnrtNotifier_t start, cnrtNotifier_t end, float* us) {
  float ms = 0;
  ::xpiler::gpurt::event_elapsed(&ms, start, end);
  *us = ms * 1000.0f;
  return cnrtSuccess;
}
inline cnrtRet_t cnrtGetLastError() { return cnrtSuccess; }
inline const char* cnrtGetErrorStr(cnrtRet_t e) { return e == cnrtSuccess ? "CNRT_RET_SUCCESS" : "CNRT error"; }
#define CNRT_CHECK(expr)                                                                                     \
  do {                                                                                                       \
    cnrtRet_t xpiler_ret_ = (cnrtRet_t)(expr);                                                               \
    if (xpiler_ret_ != cnrtSuccess)                                                                          \
      ::xpiler::fail_at("cnrt_error", XPILER_SITE("CNRT_CHECK"), "%s returned %d", #expr, (int)xpiler_ret_); \
  } while (0)
