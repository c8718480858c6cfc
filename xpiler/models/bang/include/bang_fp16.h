// BANG C header shim for the Xpiler CPU engine: everything is in the force-included prelude.
#pragma once
#include "xpiler_bang_prelude.h"
