// On-chip memories (CUDA __shared__, BANG NRAM/WRAM/SRAM/LDRAM) as one arena per space at a fixed
// address. Variables are placed in declaration order, 64-byte aligned, like a hardware compiler
// would; running out of capacity is reported with the variable and size. Emulated cores/blocks
// that own separate copies of a space (one NRAM per core) share the fixed arena and its contents
// are swapped when the scheduler switches between owners, so addresses are identical everywhere.
#pragma once
#include <cstddef>
#include <cstdint>

namespace xpiler {

struct OnchipVar {
  const char* name;
  const char* file;
  int line;
  size_t offset;
  size_t size;
};

class OnchipSpace {
 public:
  OnchipSpace(const char* name, size_t capacity, size_t align = 64);
  const char* name() const { return name_; }
  size_t capacity() const { return capacity_; }
  size_t used() const { return used_; }
  char* base() const { return base_; }
  bool contains(const void* p, size_t bytes) const {
    const char* c = (const char*)p;
    return c >= base_ && c + bytes <= base_ + capacity_ && c + bytes >= c;
  }
  // Allocate a variable of `bytes` (static allocation at first execution of its declaration).
  void* place(size_t bytes, size_t align, const char* var, const char* file, int line);
  // Owners: `count` separate copies, all poisoned; `activate(i)` makes copy i current.
  void reset_owners(int count, unsigned char poison);
  void activate(int owner);
  int active() const { return active_; }
  const OnchipVar* var_at(const void* p) const;
  int var_count() const { return nvars_; }
  const OnchipVar& var(int i) const { return vars_[i]; }

 private:
  const char* name_;
  size_t capacity_, align_, used_ = 0;
  char* base_;
  char** copies_ = nullptr;
  int ncopies_ = 0, active_ = -1;
  unsigned char poison_ = 0xff;
  OnchipVar vars_[512];
  int nvars_ = 0;
};

// Registry of spaces by id; each model header defines its ids and capacities.
OnchipSpace& onchip_space(int id);
void onchip_register_space(int id, OnchipSpace* space);

template <class T>
inline T* onchip_var(int space, const char* name, const char* file, int line) {
  return (T*)onchip_space(space).place(sizeof(T), alignof(T) > 64 ? alignof(T) : 64, name, file, line);
}

}  // namespace xpiler
