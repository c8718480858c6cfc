// Force-included before every BANG C source compiled for the CPU engine (and the engine runtime).
// The architecture comes from the build: __BANG_ARCH__, __MLU_NRAM_SIZE__, __MLU_WRAM_SIZE__ and
// __MLU_SRAM_SIZE__ (KB), as cncc defines them.
#pragma once
#define __BANG__ 1
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <algorithm>
#include <cmath>
#include <cstdint>

#include "xpiler_bang/types.h"
#include "xpiler_bang/runtime.h"
#include "xpiler_bang/ops.h"
#include "xpiler_bang/cnrt_host.h"
#include "xpiler_bang_intrinsics.h"   // generated from xpiler/models/bang/intrinsics.py for the selected arch

// Qualifiers. Kernel and device functions are ordinary C++ functions; the on-chip variable
// qualifiers never reach the compiler in declarations (the source rewrite turns such declarations
// into references into the engine's arenas), the definitions below cover other positions.
#define __mlu_global__
#define __mlu_entry__
#define __mlu_func__ inline
#define __mlu_device__
#define __mlu_host__
#define __mlu_const__
#define __nram__
#define __wram__
#define __ldram__
#define __mlu_shared__

#define __bang_printf(...) printf(__VA_ARGS__)
