// Entry point of every engine executable: loads the arguments the Python runner wrote, runs the
// generated glue (`xpiler_invoke`), writes the buffers back and reports the time taken.
//   usage: engine SPEC DATA_IN DATA_OUT
//   SPEC lines: "buffer <device|host> <name> <nbytes> <offset>" | "scalar <name> <nbytes> <offset>"
#include <time.h>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "xpiler/memory.h"
#include "xpiler/report.h"

extern "C" void xpiler_invoke(void** argv);

namespace xpiler {
__attribute__((weak)) const char* current_kernel() { return ""; }
__attribute__((weak)) void describe_current_worker(char* buf, size_t n) { if (n) buf[0] = 0; }
}  // namespace xpiler

struct ArgSpec {
  bool buffer;
  xpiler::MemKind kind;
  char name[96];
  size_t nbytes, offset;
  void* ptr;
};

static std::vector<char> read_file(const char* path) {
  std::vector<char> data;
  FILE* f = fopen(path, "rb");
  if (!f) xpiler::fail("io", "cannot open %s", path);
  char buf[1 << 16];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) data.insert(data.end(), buf, buf + n);
  fclose(f);
  return data;
}

int main(int argc, char** argv) {
  if (argc < 4) { fprintf(stderr, "usage: %s SPEC IN OUT\n", argv[0]); return 2; }
  xpiler::install_fault_handlers();
  std::vector<ArgSpec> specs;
  FILE* sf = fopen(argv[1], "r");
  if (!sf) xpiler::fail("io", "cannot open spec %s", argv[1]);
  char line[512];
  while (fgets(line, sizeof line, sf)) {
    ArgSpec a{};
    char kind[16] = "", where[16] = "";
    if (sscanf(line, "%15s", kind) != 1) continue;
    if (!strcmp(kind, "buffer")) {
      if (sscanf(line, "%*s %15s %95s %zu %zu", where, a.name, &a.nbytes, &a.offset) != 4) xpiler::fail("io", "bad spec line: %s", line);
      a.buffer = true;
      a.kind = strcmp(where, "host") ? xpiler::MemKind::device : xpiler::MemKind::host;
    } else if (!strcmp(kind, "scalar")) {
      if (sscanf(line, "%*s %95s %zu %zu", a.name, &a.nbytes, &a.offset) != 3) xpiler::fail("io", "bad spec line: %s", line);
    } else continue;
    specs.push_back(a);
  }
  fclose(sf);
  std::vector<char> in = read_file(argv[2]);
  std::vector<void*> args;
  for (ArgSpec& a : specs) {
    if (a.offset + a.nbytes > in.size()) xpiler::fail("io", "argument %s lies outside the data file", a.name);
    if (a.buffer) {
      a.ptr = xpiler::guarded_alloc(a.nbytes, a.name, a.kind);
      if (!a.ptr) xpiler::fail("resource_limit", "cannot allocate %zu bytes for '%s'", a.nbytes, a.name);
      memcpy(a.ptr, in.data() + a.offset, a.nbytes);
      args.push_back(a.ptr);
    } else {
      a.ptr = calloc(1, a.nbytes < 16 ? 16 : a.nbytes);
      memcpy(a.ptr, in.data() + a.offset, a.nbytes);
      args.push_back(a.ptr);
    }
  }
  timespec t0, t1;
  clock_gettime(CLOCK_MONOTONIC, &t0);
  xpiler_invoke(args.data());
  clock_gettime(CLOCK_MONOTONIC, &t1);
  double seconds = (double)(t1.tv_sec - t0.tv_sec) + 1e-9 * (double)(t1.tv_nsec - t0.tv_nsec);
  FILE* of = fopen(argv[3], "wb");
  if (!of) xpiler::fail("io", "cannot write %s", argv[3]);
  std::vector<char> out(in.size(), 0);
  for (ArgSpec& a : specs)
    if (a.buffer) {
      const xpiler::Allocation* al = xpiler::allocation_containing(a.ptr, a.nbytes);
      if (!al) xpiler::fail("use_after_free", "argument buffer '%s' was freed by the program", a.name);
      memcpy(out.data() + a.offset, a.ptr, a.nbytes);
    }
  fwrite(out.data(), 1, out.size(), of);
  fclose(of);
  fflush(stdout);
  char done[128];
  snprintf(done, sizeof done, "{\"event\":\"done\",\"seconds\":%.9f}\n", seconds);
  xpiler::emit_line(done);
  return 0;
}
