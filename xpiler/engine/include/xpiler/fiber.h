// Minimal x86-64 user-space context switching for emulated hardware threads.
// A fiber switch saves only callee-saved registers (SysV ABI), so it costs a few nanoseconds;
// ucontext's swapcontext makes a system call per switch.
#pragma once
#include <cstddef>
#include <cstdint>

namespace xpiler {

extern "C" void xpiler_ctx_switch(void** save_sp, void* load_sp);

struct FiberStack {
  char* base = nullptr;     // lowest mapped address (guard page)
  size_t size = 0;          // usable bytes above the guard page
  char* top() const { return base + 4096 + size; }
};

FiberStack fiber_stack_alloc(size_t bytes);   // with a PROT_NONE guard page at the bottom
bool fiber_stack_guard_hit(const void* addr); // is addr in any fiber's guard page?

// Prepare `stack` so that switching to the returned stack pointer calls fn(arg).
// fn must never return; it must switch away for good when done.
void* fiber_prepare(const FiberStack& stack, void (*fn)(void*), void* arg);

}  // namespace xpiler
