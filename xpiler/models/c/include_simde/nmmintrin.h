/* Xpiler, SIMDe path: <nmmintrin.h> maps to the portable <immintrin.h> of this folder, so that the
 * real compiler header (whose vector types differ) never meets SIMDe's. */
#include "immintrin.h"
