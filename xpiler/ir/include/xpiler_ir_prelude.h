/* Xpiler IR: force-included before printed IR (C) and the engine runtime (C++); the printed C is
 * self-contained, so this only marks the build. */
#ifndef XPILER_IR_PRELUDE_H
#define XPILER_IR_PRELUDE_H
#define XPILER_IR 1
#endif
