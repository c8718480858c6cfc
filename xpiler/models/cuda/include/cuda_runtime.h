// Xpiler CPU engine shim: everything lives in the force-included prelude.
#pragma once
#include "xpiler_cuda_prelude.h"
