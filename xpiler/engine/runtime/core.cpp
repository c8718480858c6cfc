// Engine core shared by every model: fibers, guarded memory, on-chip arenas, fault reporting.
#include <execinfo.h>
#include <signal.h>
#include <sys/mman.h>
#include <ucontext.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <initializer_list>

#include "xpiler/fiber.h"
#include "xpiler/memory.h"
#include "xpiler/onchip.h"
#include "xpiler/report.h"

namespace xpiler {

// ---------------------------------------------------------------- report channel
int report_fd() {
  static int fd = -1;
  if (fd < 0) {
    const char* e = getenv("XPILER_REPORT_FD");
    fd = e ? atoi(e) : 2;
  }
  return fd;
}

// ---------------------------------------------------------------- fibers
asm(R"(
.text
.globl xpiler_ctx_switch
.type xpiler_ctx_switch,@function
xpiler_ctx_switch:
  pushq %rbp
  pushq %rbx
  pushq %r12
  pushq %r13
  pushq %r14
  pushq %r15
  movq %rsp, (%rdi)
  movq %rsi, %rsp
  popq %r15
  popq %r14
  popq %r13
  popq %r12
  popq %rbx
  popq %rbp
  ret
.size xpiler_ctx_switch, .-xpiler_ctx_switch
.globl xpiler_fiber_trampoline
.type xpiler_fiber_trampoline,@function
xpiler_fiber_trampoline:
  movq %r12, %rdi
  andq $-16, %rsp
  callq *%r13
  ud2
.size xpiler_fiber_trampoline, .-xpiler_fiber_trampoline
)");
extern "C" void xpiler_fiber_trampoline();

static const size_t kPage = 4096;
static FiberStack g_stacks[4096];
static int g_nstacks = 0;

FiberStack fiber_stack_alloc(size_t bytes) {
  bytes = (bytes + kPage - 1) & ~(kPage - 1);
  void* m = mmap(nullptr, bytes + kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) fail("resource_limit", "cannot map a %zu-byte fiber stack (memory limit?)", bytes);
  mprotect(m, kPage, PROT_NONE);
  FiberStack s{(char*)m, bytes};
  if (g_nstacks < 4096) g_stacks[g_nstacks++] = s;
  return s;
}

bool fiber_stack_guard_hit(const void* addr) {
  const char* a = (const char*)addr;
  for (int i = 0; i < g_nstacks; ++i)
    if (a >= g_stacks[i].base - kPage && a < g_stacks[i].base + kPage) return true;
  return false;
}

void* fiber_prepare(const FiberStack& stack, void (*fn)(void*), void* arg) {
  uint64_t* sp = (uint64_t*)((uintptr_t)stack.top() & ~(uintptr_t)15);
  *--sp = 0;                                   // fake return address of the trampoline
  // (the trampoline realigns %rsp to 16 bytes before its call, as the SysV ABI requires)
  *--sp = (uint64_t)&xpiler_fiber_trampoline;  // popped by `ret`
  *--sp = 0;                                   // rbp
  *--sp = 0;                                   // rbx
  *--sp = (uint64_t)arg;                       // r12
  *--sp = (uint64_t)fn;                        // r13
  *--sp = 0;                                   // r14
  *--sp = 0;                                   // r15
  return sp;
}

// ---------------------------------------------------------------- guarded memory
static Allocation g_allocs[8192];
static int g_nallocs = 0;

void* guarded_alloc(size_t bytes, const char* name, MemKind kind) {
  size_t body = (bytes + kPage - 1) & ~(kPage - 1);
  if (body == 0) body = kPage;
  size_t total = body + 2 * kPage;
  char* m = (char*)mmap(nullptr, total, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) return nullptr;
  mprotect(m, kPage, PROT_NONE);
  mprotect(m + kPage + body, kPage, PROT_NONE);
  char* user = m + kPage + body - bytes;       // end exactly at the upper guard page
  if (g_nallocs >= 8192) fail("resource_limit", "more than 8192 device allocations");
  Allocation& a = g_allocs[g_nallocs++];
  a.user = user; a.size = bytes; a.map = m; a.map_size = total; a.kind = kind; a.live = true;
  snprintf(a.name, sizeof a.name, "%s", name ? name : "buffer");
  return user;
}

void guarded_free(void* p) {
  if (!p) return;
  for (int i = g_nallocs - 1; i >= 0; --i) {
    Allocation& a = g_allocs[i];
    if (a.user == p) {
      if (!a.live) fail("invalid_free", "buffer '%s' freed twice", a.name);
      a.live = false;
      // keep the mapping but make it inaccessible: use-after-free then faults with a name
      mprotect(a.map, a.map_size, PROT_NONE);
      return;
    }
  }
  fail("invalid_free", "free of a pointer that was not allocated by the device runtime (%p)", p);
}

const Allocation* allocation_containing(const void* p, size_t bytes) {
  const char* c = (const char*)p;
  for (int i = g_nallocs - 1; i >= 0; --i) {
    const Allocation& a = g_allocs[i];
    if (a.live && c >= a.user && c + bytes <= a.user + a.size) return &a;
  }
  return nullptr;
}

const Allocation* allocation_for_fault(const void* addr, long* off) {
  const char* c = (const char*)addr;
  for (int i = g_nallocs - 1; i >= 0; --i) {
    const Allocation& a = g_allocs[i];
    if (c >= a.map && c < a.map + a.map_size) { *off = (long)(c - a.user); return &a; }
  }
  return nullptr;
}

int allocation_count() { return g_nallocs; }
const Allocation* allocation_at(int i) { return &g_allocs[i]; }

// ---------------------------------------------------------------- on-chip arenas
static OnchipSpace* g_spaces[16];

OnchipSpace& onchip_space(int id) {
  if (id < 0 || id >= 16 || !g_spaces[id]) fail("internal", "on-chip space %d not registered", id);
  return *g_spaces[id];
}
void onchip_register_space(int id, OnchipSpace* s) { g_spaces[id] = s; }

OnchipSpace::OnchipSpace(const char* name, size_t capacity, size_t align)
    : name_(name), capacity_(capacity), align_(align) {
  size_t body = (capacity + kPage - 1) & ~(kPage - 1);
  char* m = (char*)mmap(nullptr, body + 2 * kPage, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED) fail("resource_limit", "cannot map %s arena", name);
  mprotect(m, kPage, PROT_NONE);
  mprotect(m + kPage + body, kPage, PROT_NONE);
  base_ = m + kPage + body - capacity;
  memset(base_, poison_, capacity);
}

void* OnchipSpace::place(size_t bytes, size_t align, const char* var, const char* file, int line) {
  if (align < align_) align = align_;
  size_t off = (used_ + align - 1) / align * align;
  if (off + bytes > capacity_ || off + bytes < off) {
    char list[1024] = "";
    size_t len = 0;
    for (int i = 0; i < nvars_ && len + 80 < sizeof list; ++i)
      len += (size_t)snprintf(list + len, sizeof list - len, "%s'%s' %zu B", i ? ", " : "", vars_[i].name, vars_[i].size);
    fail_at("onchip_overflow", Site{file, line, var},
            "%s overflow: '%s' needs %zu bytes at offset %zu, but %s holds %zu bytes (already placed: %s)",
            name_, var, bytes, off, name_, capacity_, nvars_ ? list : "nothing");
  }
  if (nvars_ < 512) vars_[nvars_++] = OnchipVar{var, file, line, off, bytes};
  used_ = off + bytes;
  return base_ + off;
}

void OnchipSpace::reset_owners(int count, unsigned char poison) {
  poison_ = poison;
  if (count > ncopies_) {
    char** n = (char**)calloc((size_t)count, sizeof(char*));
    for (int i = 0; i < ncopies_; ++i) n[i] = copies_[i];
    free(copies_);
    copies_ = n;
    ncopies_ = count;
  }
  for (int i = 0; i < ncopies_; ++i)
    if (copies_[i]) memset(copies_[i], poison, capacity_);
  memset(base_, poison, capacity_);
  active_ = count > 1 ? -1 : 0;
}

void OnchipSpace::activate(int owner) {
  if (owner == active_) return;
  if (active_ >= 0 && active_ < ncopies_) {
    if (!copies_[active_]) copies_[active_] = (char*)malloc(capacity_);
    memcpy(copies_[active_], base_, capacity_);
  }
  if (owner < ncopies_ && copies_[owner]) memcpy(base_, copies_[owner], capacity_);
  else memset(base_, poison_, capacity_);
  active_ = owner;
}

const OnchipVar* OnchipSpace::var_at(const void* p) const {
  size_t off = (size_t)((const char*)p - base_);
  for (int i = 0; i < nvars_; ++i)
    if (off >= vars_[i].offset && off < vars_[i].offset + vars_[i].size) return &vars_[i];
  return nullptr;
}

// ---------------------------------------------------------------- fault handling
static FaultExplainer g_explainers[8];
static int g_nexplainers = 0;
void add_fault_explainer(FaultExplainer f) { if (g_nexplainers < 8) g_explainers[g_nexplainers++] = f; }

[[noreturn]] void report_fault_and_exit(const char* kind, const char* msg, uintptr_t pc) {
  static char line[4096], esc[2048], where[256], wesc[512], trace[1024];
  void* frames[24];
  int nf = backtrace(frames, 24);
  size_t tl = 0;
  trace[0] = 0;
  for (int i = 0; i < nf && tl + 24 < sizeof trace; ++i)
    tl += (size_t)snprintf(trace + tl, sizeof trace - tl, "%s\"%p\"", i ? "," : "", frames[i]);
  json_escape(esc, sizeof esc, msg);
  describe_current_worker(where, sizeof where);
  json_escape(wesc, sizeof wesc, where);
  snprintf(line, sizeof line,
           "{\"event\":\"error\",\"kind\":\"%s\",\"message\":\"%s\",\"kernel\":\"%s\",\"worker\":\"%s\","
           "\"pc\":\"0x%lx\",\"trace\":[%s]}\n",
           kind, esc, current_kernel(), wesc, (unsigned long)pc, trace);
  emit_line(line);
  _exit(3);
}

static void fault_handler(int sig, siginfo_t* info, void* uctx) {
  static char msg[1024];
  ucontext_t* uc = (ucontext_t*)uctx;
  uintptr_t pc = (uintptr_t)uc->uc_mcontext.gregs[REG_RIP];
  bool is_write = (uc->uc_mcontext.gregs[REG_ERR] & 2) != 0;
  const char* kind = "crash";
  const void* addr = info->si_addr;
  if (sig == SIGSEGV || sig == SIGBUS) {
    long off = 0;
    const Allocation* a = allocation_for_fault(addr, &off);
    bool explained = false;
    if (a) {
      kind = a->live ? "out_of_bounds" : "use_after_free";
      if (!a->live)
        snprintf(msg, sizeof msg, "%s of buffer '%s' after it was freed", is_write ? "write" : "read", a->name);
      else if (off < 0)
        snprintf(msg, sizeof msg, "out-of-bounds %s %ld bytes before the start of buffer '%s' (%zu bytes)",
                 is_write ? "write" : "read", -off, a->name, a->size);
      else
        snprintf(msg, sizeof msg, "out-of-bounds %s at byte offset %ld of buffer '%s', which has %zu bytes",
                 is_write ? "write" : "read", off, a->name, a->size);
      explained = true;
    }
    for (int i = 0; !explained && i < g_nexplainers; ++i)
      explained = g_explainers[i](addr, is_write, &kind, msg, sizeof msg);
    if (!explained && fiber_stack_guard_hit(addr)) {
      kind = "stack_overflow";
      snprintf(msg, sizeof msg, "stack overflow in an emulated thread (local arrays too large?)");
      explained = true;
    }
    if (!explained)
      snprintf(msg, sizeof msg, "invalid memory %s at address %p (not a device buffer; uninitialised or host pointer?)",
               is_write ? "write" : "read", addr);
  } else if (sig == SIGFPE) {
    kind = "arithmetic_fault";
    snprintf(msg, sizeof msg, "arithmetic fault (integer division by zero or overflow)");
  } else if (sig == SIGILL) {
    kind = "illegal_instruction";
    snprintf(msg, sizeof msg, "illegal instruction (the CPU lacks an instruction the kernel was compiled for?)");
  } else {
    kind = "crash";
    snprintf(msg, sizeof msg, "the kernel aborted (signal %d)", sig);
  }
  report_fault_and_exit(kind, msg, pc);
}

void install_fault_handlers() {
  static char altstack[1 << 16];
  stack_t ss{};
  ss.ss_sp = altstack;
  ss.ss_size = sizeof altstack;
  sigaltstack(&ss, nullptr);
  struct sigaction sa{};
  sa.sa_sigaction = fault_handler;
  sa.sa_flags = SA_SIGINFO | SA_ONSTACK;
  sigemptyset(&sa.sa_mask);
  for (int s : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) sigaction(s, &sa, nullptr);
  void* warm[2];
  backtrace(warm, 2);  // load libgcc's unwinder now, not inside the handler
}

}  // namespace xpiler
