#include <zlib.h>

// deflateInit2 and inflateInit2 are macros that pass ZLIB_VERSION and the struct size.
static inline int clinic_deflateInit2(z_streamp strm, int level, int windowBits) {
    return deflateInit2(strm, level, Z_DEFLATED, windowBits, 8, Z_DEFAULT_STRATEGY);
}
static inline int clinic_inflateInit2(z_streamp strm, int windowBits) {
    return inflateInit2(strm, windowBits);
}
