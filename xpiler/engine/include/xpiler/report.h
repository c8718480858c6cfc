// Structured diagnostics from the CPU engine to the Python runner: one JSON object per line,
// written with write(2) so that it also works from a signal handler.
#pragma once
#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <unistd.h>

namespace xpiler {

// Where in the user's source an engine call came from (filled in by the model's macros).
struct Site {
  const char* file;
  int line;
  const char* what;
};
#define XPILER_SITE(what) (::xpiler::Site{__FILE__, __LINE__, what})

int report_fd();                       // set up by the driver
const char* current_kernel();          // name of the kernel being run, or ""
void describe_current_worker(char* buf, size_t n);   // e.g. "block (1,0,0) thread (3,0,0)"

inline void json_escape(char* out, size_t n, const char* s) {
  size_t j = 0;
  for (size_t i = 0; s && s[i] && j + 7 < n; ++i) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\') { out[j++] = '\\'; out[j++] = (char)c; }
    else if (c == '\n') { out[j++] = '\\'; out[j++] = 'n'; }
    else if (c < 0x20) { j += (size_t)snprintf(out + j, n - j, "\\u%04x", c); }
    else out[j++] = (char)c;
  }
  out[j < n ? j : n - 1] = 0;
}

inline void emit_line(const char* line) {
  size_t len = strlen(line);
  ssize_t w = ::write(report_fd(), line, len);
  (void)w;
}

// Report an error and end the process. `kind` is a stable identifier (out_of_bounds, deadlock,
// divergent_barrier, onchip_overflow, bad_intrinsic_argument, ...).
[[noreturn]] inline void fail_at(const char* kind, const Site& site, const char* fmt, ...) {
  static char msg[2048], esc[4096], where[256], wesc[512], fesc[1024], line[8192];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  json_escape(esc, sizeof esc, msg);
  describe_current_worker(where, sizeof where);
  json_escape(wesc, sizeof wesc, where);
  json_escape(fesc, sizeof fesc, site.file ? site.file : "");
  snprintf(line, sizeof line,
           "{\"event\":\"error\",\"kind\":\"%s\",\"message\":\"%s\",\"file\":\"%s\",\"line\":%d,"
           "\"construct\":\"%s\",\"kernel\":\"%s\",\"worker\":\"%s\"}\n",
           kind, esc, fesc, site.line, site.what ? site.what : "", current_kernel(), wesc);
  emit_line(line);
  _exit(3);
}

[[noreturn]] inline void fail(const char* kind, const char* fmt, ...) {
  static char msg[2048];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  fail_at(kind, Site{"", 0, ""}, "%s", msg);
}

inline void note(const char* fmt, ...) {
  static char msg[2048], esc[4096], line[4400];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  json_escape(esc, sizeof esc, msg);
  snprintf(line, sizeof line, "{\"event\":\"note\",\"message\":\"%s\"}\n", esc);
  emit_line(line);
}

#define XPILER_CHECK(cond, site, kind, ...) \
  do { if (!(cond)) ::xpiler::fail_at(kind, site, __VA_ARGS__); } while (0)

}  // namespace xpiler
