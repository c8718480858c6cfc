// Xpiler CPU engine shim for <mma.h>.
#pragma once
#include "xpiler_cuda_prelude.h"
#include "xpiler/wmma.h"
