// Xpiler CPU engine shim: everything lives in the force-included prelude (xpiler_hip_prelude.h).
#pragma once
#include "xpiler_hip_prelude.h"
