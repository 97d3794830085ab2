/* jsonw.h — a small streaming JSON writer into an mt_buf: pretty-printed
 * with two-space indentation, strings escaped to ASCII. Much faster than
 * building a jansson tree for large reports.
 *
 * Ownership: the writer appends to a caller-owned mt_buf. */
#ifndef MOAT_JSONW_H
#define MOAT_JSONW_H

#include "core/util.h"

#include <string.h>

#define JSONW_MAX_DEPTH 32

typedef struct jsonw {
    mt_buf *out;
    int depth;
    bool first[JSONW_MAX_DEPTH]; /* no member written yet at this depth */
    bool after_key;
} jsonw;

void jsonw_init(jsonw *w, mt_buf *out);
/* Starts a writer for a fragment that will sit at nesting depth `depth` as
 * the first member of its container (see jsonw_splice). */
void jsonw_init_at(jsonw *w, mt_buf *out, int depth);
/* Inserts a fragment written by a jsonw_init_at() writer of the same depth
 * as the next member of the current container. */
void jsonw_splice(jsonw *w, const char *frag, size_t len);
void jsonw_object(jsonw *w);
void jsonw_array(jsonw *w);
void jsonw_end_object(jsonw *w);
void jsonw_end_array(jsonw *w);
void jsonw_key(jsonw *w, const char *key);
/* A key of n bytes known to need no escaping (plain ASCII). */
void jsonw_key_litn(jsonw *w, const char *key, size_t n);
/* A key known to need no escaping (a literal of plain ASCII): inline, so
 * that the length of a literal is known when compiling. */
static inline void jsonw_key_lit(jsonw *w, const char *key)
{
    jsonw_key_litn(w, key, strlen(key));
}
/* A value already encoded as JSON (for example by jsonw_escape). */
void jsonw_raw(jsonw *w, const char *json, size_t len);
/* Appends s to b as a quoted, escaped JSON string. */
void jsonw_escape(mt_buf *b, const char *s);
void jsonw_string(jsonw *w, const char *s); /* NULL writes null */
void jsonw_int(jsonw *w, long long v);
void jsonw_bool(jsonw *w, bool v);
void jsonw_null(jsonw *w);

#endif
