// Guarded memory for emulated device (global/GDRAM) buffers and on-chip arenas.
// Every buffer ends exactly at a PROT_NONE guard page and starts right after another, so the
// first byte read or written out of bounds faults; the fault handler names the buffer.
#pragma once
#include <cstddef>
#include <cstdint>

namespace xpiler {

enum class MemKind : int { device = 0, host = 1, onchip = 2 };

struct Allocation {
  char* user;          // first usable byte
  size_t size;         // usable bytes
  char* map;           // mmap base (guard page first)
  size_t map_size;
  MemKind kind;
  char name[96];
  bool live;
};

void* guarded_alloc(size_t bytes, const char* name, MemKind kind);
void guarded_free(void* p);                       // frees and reports double/invalid frees
const Allocation* allocation_containing(const void* p, size_t bytes = 1);
const Allocation* allocation_for_fault(const void* addr, long* offset_from_user);
int allocation_count();
const Allocation* allocation_at(int i);

// Report an error event with the faulting pc and a backtrace (mapped to source lines by the runner),
// then end the process; async-signal-safe enough for the engine's signal handlers.
[[noreturn]] void report_fault_and_exit(const char* kind, const char* msg, uintptr_t pc);

// Install SIGSEGV/SIGBUS/SIGFPE/SIGILL/SIGABRT handlers that report a structured error.
void install_fault_handlers();

// Hooks other parts of the engine register to explain a fault address (on-chip arena guard,
// fiber stack guard). Return true and fill kind/message if the address is theirs.
typedef bool (*FaultExplainer)(const void* addr, bool is_write, const char** kind, char* msg, size_t n);
void add_fault_explainer(FaultExplainer f);

}  // namespace xpiler
