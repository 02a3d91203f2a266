#ifndef SPANSCOPE_CZLIB_SHIM_H
#define SPANSCOPE_CZLIB_SHIM_H

// Input is read, never written, through next_in.
#define ZLIB_CONST
#include <zlib.h>

// deflateInit2 and inflateInit2 are macros (they pass the library version and the
// size of z_stream), which Swift does not import.

/// A deflate stream writing the gzip format (RFC 1952) at `level` (0-9, or -1 for zlib's default).
static inline int spanscope_deflate_init_gzip(z_streamp stream, int level) {
    return deflateInit2(stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY);
}

/// An inflate stream reading only the gzip format (a zlib or raw stream is an error).
static inline int spanscope_inflate_init_gzip(z_streamp stream) {
    return inflateInit2(stream, 15 + 16);
}

#endif
