/* rust.c — pkg_parse_cargo_lock(): Rust's Cargo.lock, and the small TOML
 * reader (lt_*, see lang.h) that it and poetry.lock (python.c) share.
 *
 * Cargo.lock (every lock-file version cargo writes: the unversioned v1 and
 * v2, "version = 3" and "version = 4") is a list of [[package]] tables:
 *   [[package]]
 *   name = "memchr"
 *   version = "2.7.4"
 *   source = "registry+https://github.com/rust-lang/crates.io-index"
 *   checksum = "78ca9ab1a0babb1e7d5695e3530886289c18cf2f87ec19a9c2b5b8a2a7fa0f8b"
 *   dependencies = [ ... ]
 * Which packages are listed: those with a source — a registry
 * ("registry+URL", "sparse+URL") or a git repository ("git+URL#commit").
 * A package without one is a member of the workspace (the application
 * itself, its own crates) or a path dependency: left out on purpose. Those
 * are the code being scanned, not dependencies; they carry whatever name
 * and version their authors chose, so listing them would make a local
 * "utils 0.1.0" match the advisories of the crates.io crate of that name;
 * and nothing in the lock file tells a workspace member from a path
 * dependency. The source is not kept (mt_pkg has no field for it).
 * checksum is the SHA-256 of the .crate archive, kept as "sha256:<hex>"
 * (lowercased). Lock files of version 1 keep the checksums apart, in
 *   [metadata]
 *   "checksum memchr 2.7.4 (registry+https://...)" = "<hex>"
 * which are matched to their packages at the end of the file.
 * Errors: a record without name or version, an invalid name (crate names
 * are ASCII letters, digits, '-' and '_'), version or checksum, the same
 * name, version and source twice, and TOML errors, each with its line;
 * the record is skipped.
 *
 * The TOML reader reads a subset large enough for both lock files (see
 * lang.h): it works line by line over the buffer without copying it,
 * decodes only the strings it hands out (each scanned twice: once to
 * measure, once to decode into an arena block of the exact size) and
 * checks the rest only for syntax, recursing at most LT_MAX_DEPTH deep.
 * Not checked, as the lock files do not need it: that a table or key is
 * defined only once across the file, and the exact grammar of numbers and
 * dates. */
#include <string.h>

#define MOAT_PKG_LANG_INTERNAL
#include "pkg/lang.h"

/* ==== TOML subset reader ==== */

static bool lt_fail_at(lt_reader *r, int line, const char *msg)
{
    if (!r->err) {
        r->err = msg;
        r->errline = line;
    }
    return false;
}

static bool lt_fail(lt_reader *r, const char *msg)
{
    return lt_fail_at(r, r->line, msg);
}

void lt_init(lt_reader *r, mt_arena *a, const char *data, size_t len)
{
    memset(r, 0, sizeof(*r));
    r->a = a;
    r->p = data;
    r->end = data ? data + len : data;
    r->line = 1;
    if (data && len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
        r->p += 3;
}

static void lt_ws(lt_reader *r)
{
    while (r->p < r->end && (*r->p == ' ' || *r->p == '\t'))
        r->p++;
}

/* A newline at p: "\n" or "\r\n"; returns its length, 0 if none. */
static size_t lt_newline(const lt_reader *r)
{
    if (r->p < r->end && *r->p == '\n')
        return 1;
    if (r->p + 1 < r->end && r->p[0] == '\r' && r->p[1] == '\n')
        return 2;
    return 0;
}

/* Skips a comment at p (to the end of the line, newline excluded). */
static bool lt_comment(lt_reader *r)
{
    if (r->p >= r->end || *r->p != '#')
        return true;
    while (r->p < r->end && *r->p != '\n') {
        unsigned char c = (unsigned char)*r->p;
        if (c == '\r' && lt_newline(r))
            break;
        if ((c < 0x20 && c != '\t') || c == 0x7f)
            return lt_fail(r, "control character in a comment");
        r->p++;
    }
    return true;
}

/* Blanks, newlines and comments (inside arrays). */
static bool lt_ws_nl(lt_reader *r)
{
    for (;;) {
        lt_ws(r);
        if (r->p >= r->end)
            return true;
        if (*r->p == '#') {
            if (!lt_comment(r))
                return false;
            continue;
        }
        size_t nl = lt_newline(r);
        if (!nl)
            return true;
        r->p += nl;
        r->line++;
    }
}

/* Blanks and newlines only (inside a multi-line string). */
static void lt_ws_nl_plain(lt_reader *r)
{
    for (;;) {
        lt_ws(r);
        size_t nl = lt_newline(r);
        if (!nl)
            return;
        r->p += nl;
        r->line++;
    }
}

/* After a header or a key/value pair: blanks, a comment, then the end of
 * the line (consumed) or of the input. */
static bool lt_eol(lt_reader *r)
{
    lt_ws(r);
    if (!lt_comment(r))
        return false;
    if (r->p >= r->end)
        return true;
    size_t nl = lt_newline(r);
    if (!nl)
        return lt_fail(r, "unexpected text after the value");
    r->p += nl;
    r->line++;
    return true;
}

/* Appends n bytes to out (when out is not NULL) at *o, capping the length. */
static bool lt_put(lt_reader *r, char *out, size_t *o, const char *s, size_t n)
{
    if (*o + n > LT_MAX_STRING)
        return lt_fail(r, "string is longer than 65536 bytes");
    if (out)
        memcpy(out + *o, s, n);
    *o += n;
    return true;
}

/* A string at p (p on its first quote): advances past it and, when out is
 * not NULL, writes its decoded bytes there; *olen is their number.
 * multi_ok: multi-line strings are allowed (values, not keys). */
static bool lt_string(lt_reader *r, char *out, size_t *olen, bool multi_ok)
{
    char q = *r->p;
    int start = r->line;
    bool basic = q == '"';
    bool multi = r->end - r->p >= 3 && r->p[1] == q && r->p[2] == q;
    size_t o = 0;
    if (multi && !multi_ok)
        return lt_fail(r, "a key cannot be a multi-line string");
    r->p += multi ? 3 : 1;
    if (multi) {
        size_t nl = lt_newline(r); /* a newline right after the opening is trimmed */
        if (nl) {
            r->p += nl;
            r->line++;
        }
    }
    for (;;) {
        if (r->p >= r->end)
            return lt_fail_at(r, start, "unterminated string");
        char c = *r->p;
        if (c == q) {
            if (!multi) {
                r->p++;
                break;
            }
            size_t k = 0;
            while (r->p + k < r->end && r->p[k] == q)
                k++;
            if (k >= 3) {
                if (k > 5)
                    return lt_fail(r, "too many quotes closing a multi-line string");
                if (!lt_put(r, out, &o, r->p, k - 3))
                    return false;
                r->p += k;
                break;
            }
            if (!lt_put(r, out, &o, r->p, k))
                return false;
            r->p += k;
            continue;
        }
        size_t nl = lt_newline(r);
        if (nl) {
            if (!multi)
                return lt_fail_at(r, start, "unterminated string");
            if (!lt_put(r, out, &o, "\n", 1))
                return false;
            r->p += nl;
            r->line++;
            continue;
        }
        unsigned char u = (unsigned char)c;
        if ((u < 0x20 && u != '\t') || u == 0x7f)
            return lt_fail(r, "control character in a string");
        if (c != '\\' || !basic) {
            if (!lt_put(r, out, &o, r->p, 1))
                return false;
            r->p++;
            continue;
        }
        /* an escape */
        r->p++;
        if (r->p >= r->end)
            return lt_fail_at(r, start, "unterminated string");
        char e = *r->p;
        const char *simple = NULL;
        switch (e) {
        case 'b': simple = "\b"; break;
        case 't': simple = "\t"; break;
        case 'n': simple = "\n"; break;
        case 'f': simple = "\f"; break;
        case 'r': simple = "\r"; break;
        case '"': simple = "\""; break;
        case '\\': simple = "\\"; break;
        default: break;
        }
        if (simple) {
            if (!lt_put(r, out, &o, simple, 1))
                return false;
            r->p++;
            continue;
        }
        if (e == 'u' || e == 'U') {
            int nd = e == 'u' ? 4 : 8;
            if (r->end - r->p < nd + 1)
                return lt_fail(r, "truncated \\u escape");
            unsigned long cp = 0;
            for (int i = 1; i <= nd; i++) {
                int h = pkg_hexval(r->p[i]);
                if (h < 0)
                    return lt_fail(r, "invalid \\u escape");
                cp = cp * 16 + (unsigned long)h;
            }
            if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
                return lt_fail(r, "\\u escape is not a Unicode scalar value");
            char tmp[4];
            size_t tn = pkg_utf8_encode(tmp, (uint32_t)cp);
            if (!lt_put(r, out, &o, tmp, tn))
                return false;
            r->p += nd + 1;
            continue;
        }
        if (multi && (e == ' ' || e == '\t' || e == '\n' || e == '\r')) {
            /* line-ending backslash: only blanks may follow it on its line;
             * then every blank and newline up to the next text goes */
            lt_ws(r);
            if (!lt_newline(r))
                return lt_fail(r, "invalid escape in a string");
            lt_ws_nl_plain(r);
            continue;
        }
        return lt_fail(r, "invalid escape in a string");
    }
    *olen = o;
    return true;
}

/* A string at p, decoded into the arena: scanned once to measure it, then
 * again to decode it. */
static bool lt_take_string(lt_reader *r, char **out, size_t *olen, bool multi_ok)
{
    const char *p0 = r->p;
    int line0 = r->line;
    size_t n = 0;
    if (!lt_string(r, NULL, &n, multi_ok))
        return false;
    char *buf = mt_arena_alloc(r->a, n + 1);
    r->p = p0;
    r->line = line0;
    if (!lt_string(r, buf, &n, multi_ok))
        return false; /* cannot happen: the same bytes were read */
    buf[n] = '\0';
    *out = buf;
    *olen = n;
    return true;
}

static bool lt_bare_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
}

/* A key (dotted parts, blanks around the dots) into ev->keys when keep,
 * else only checked. Leaves p after the blanks that follow it. */
static bool lt_key(lt_reader *r, lt_event *ev, bool keep)
{
    size_t nk = 0;
    for (;;) {
        lt_ws(r);
        if (nk == LT_MAX_KEYS)
            return lt_fail(r, "key has more than 8 dotted parts");
        if (r->p >= r->end)
            return lt_fail(r, "missing key");
        char c = *r->p;
        const char *part = NULL;
        if (c == '"' || c == '\'') {
            size_t n = 0;
            if (keep) {
                char *s = NULL;
                if (!lt_take_string(r, &s, &n, false))
                    return false;
                part = s;
            } else if (!lt_string(r, NULL, &n, false)) {
                return false;
            }
        } else {
            const char *st = r->p;
            while (r->p < r->end && lt_bare_char(*r->p))
                r->p++;
            if (r->p == st)
                return lt_fail(r, "invalid key");
            if (keep)
                part = mt_arena_strndup(r->a, st, (size_t)(r->p - st));
        }
        if (keep)
            ev->keys[nk] = part;
        nk++;
        lt_ws(r);
        if (r->p < r->end && *r->p == '.') {
            r->p++;
            continue;
        }
        if (keep)
            ev->nkeys = nk;
        return true;
    }
}

static bool lt_scalar_char(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == ':' || c == '.' || c == '+' || c == '-';
}

/* A value at p; a string is decoded into ev when ev is not NULL, anything
 * else only checked. depth counts the arrays and inline tables around. */
static bool lt_value(lt_reader *r, int depth, lt_event *ev)
{
    if (r->p >= r->end)
        return lt_fail(r, "missing value");
    char c = *r->p;
    if (c == '"' || c == '\'') {
        size_t n = 0;
        if (!ev)
            return lt_string(r, NULL, &n, true);
        char *s = NULL;
        if (!lt_take_string(r, &s, &n, true))
            return false;
        ev->is_string = true;
        ev->str = s;
        ev->slen = n;
        return true;
    }
    if (c == '[') {
        if (depth >= LT_MAX_DEPTH)
            return lt_fail(r, "arrays and inline tables nest more than 32 deep");
        r->p++;
        for (;;) {
            if (!lt_ws_nl(r))
                return false;
            if (r->p < r->end && *r->p == ']') {
                r->p++;
                return true;
            }
            if (!lt_value(r, depth + 1, NULL))
                return false;
            if (!lt_ws_nl(r))
                return false;
            if (r->p < r->end && *r->p == ',') {
                r->p++;
                continue;
            }
            if (r->p < r->end && *r->p == ']') {
                r->p++;
                return true;
            }
            return lt_fail(r, "expected ',' or ']' in an array");
        }
    }
    if (c == '{') {
        if (depth >= LT_MAX_DEPTH)
            return lt_fail(r, "arrays and inline tables nest more than 32 deep");
        r->p++;
        if (!lt_ws_nl(r))
            return false;
        if (r->p < r->end && *r->p == '}') {
            r->p++;
            return true;
        }
        for (;;) {
            if (!lt_key(r, NULL, false))
                return false;
            if (r->p >= r->end || *r->p != '=')
                return lt_fail(r, "expected '=' after a key");
            r->p++;
            lt_ws(r);
            if (!lt_value(r, depth + 1, NULL))
                return false;
            if (!lt_ws_nl(r))
                return false;
            if (r->p < r->end && *r->p == ',') {
                r->p++;
                if (!lt_ws_nl(r))
                    return false;
                if (r->p < r->end && *r->p == '}') {
                    r->p++;
                    return true;
                }
                continue;
            }
            if (r->p < r->end && *r->p == '}') {
                r->p++;
                return true;
            }
            return lt_fail(r, "expected ',' or '}' in an inline table");
        }
    }
    /* a number, boolean or date: checked only roughly */
    const char *st = r->p;
    while (r->p < r->end && lt_scalar_char(*r->p))
        r->p++;
    /* a date and a time separated by a blank: 1979-05-27 07:32:00Z */
    if (r->p - st == 10 && st[4] == '-' && st[7] == '-' && r->end - r->p >= 2 && r->p[0] == ' ' &&
        r->p[1] >= '0' && r->p[1] <= '9') {
        r->p++;
        while (r->p < r->end && lt_scalar_char(*r->p))
            r->p++;
    }
    size_t n = (size_t)(r->p - st);
    if (n == 0)
        return lt_fail(r, "invalid value");
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')) {
        if (!((n == 4 && memcmp(st, "true", 4) == 0) || (n == 5 && memcmp(st, "false", 5) == 0) ||
              (n == 3 && (memcmp(st, "inf", 3) == 0 || memcmp(st, "nan", 3) == 0))))
            return lt_fail(r, "invalid value (a string needs quotes)");
    } else if (!(c >= '0' && c <= '9') && c != '+' && c != '-') {
        return lt_fail(r, "invalid value");
    }
    return true;
}

static bool lt_header(lt_reader *r, lt_event *ev)
{
    r->p++;
    bool arr = r->p < r->end && *r->p == '[';
    if (arr)
        r->p++;
    if (!lt_key(r, ev, true))
        return false;
    if (r->p >= r->end || *r->p != ']')
        return lt_fail(r, "expected ']' closing the table header");
    r->p++;
    if (arr) {
        if (r->p >= r->end || *r->p != ']')
            return lt_fail(r, "expected ']]' closing the table header");
        r->p++;
    }
    ev->kind = arr ? LT_ARRAY_TABLE : LT_TABLE;
    return true;
}

static bool lt_keyval(lt_reader *r, lt_event *ev)
{
    if (!lt_key(r, ev, true))
        return false;
    if (r->p >= r->end || *r->p != '=')
        return lt_fail(r, "expected '=' after the key");
    r->p++;
    lt_ws(r);
    if (r->p >= r->end || lt_newline(r) || *r->p == '#')
        return lt_fail(r, "missing value");
    if (!lt_value(r, 0, ev))
        return false;
    ev->kind = LT_KEYVAL;
    return true;
}

/* After an error: on to the next line that starts with '['. */
static void lt_recover(lt_reader *r)
{
    for (;;) {
        const char *nl = r->p < r->end ? memchr(r->p, '\n', (size_t)(r->end - r->p)) : NULL;
        if (!nl) {
            r->p = r->end;
            return;
        }
        r->p = nl + 1;
        r->line++;
        if (r->p < r->end && *r->p == '[')
            return;
    }
}

bool lt_next(lt_reader *r, lt_event *ev)
{
    memset(ev, 0, sizeof(*ev));
    bool header = false;
    bool ok = lt_ws_nl(r);
    if (ok) {
        if (r->p >= r->end)
            return false;
        int line = r->line;
        header = *r->p == '[';
        ok = header ? lt_header(r, ev) : lt_keyval(r, ev);
        if (ok)
            ok = lt_eol(r);
        if (ok) {
            ev->line = line;
            return true;
        }
    }
    memset(ev, 0, sizeof(*ev));
    ev->kind = LT_ERROR;
    ev->line = r->errline;
    ev->msg = r->err ? r->err : "invalid TOML";
    ev->header = header;
    r->err = NULL;
    lt_recover(r);
    return true;
}

/* ---- [[NAME]] records ---- */

typedef struct {
    bool active, bad;
    int line;
    const char *vals[LT_MAX_FIELDS];
    size_t lens[LT_MAX_FIELDS];
    int lines[LT_MAX_FIELDS];
} lt_rec;

static void rec_finish(const lt_records *spec, lt_rec *cur)
{
    if (cur->active && !cur->bad)
        spec->record(spec->ud, cur->line, cur->vals, cur->lens, cur->lines);
    memset(cur, 0, sizeof(*cur));
}

void lt_read_records(lang_ctx *c, const char *data, size_t len, const lt_records *spec)
{
    lt_reader r;
    lt_init(&r, c->a, data, len);
    lt_rec cur;
    memset(&cur, 0, sizeof(cur));
    bool in_root = false;    /* keys go to the record's fields */
    lt_event table;          /* the header of the table outside the records */
    bool have_table = false;
    size_t nf = spec->nfields < LT_MAX_FIELDS ? spec->nfields : LT_MAX_FIELDS;
    lt_event ev;
    while (lt_next(&r, &ev)) {
        switch (ev.kind) {
        case LT_ARRAY_TABLE:
        case LT_TABLE:
            if (cur.active && ev.kind == LT_TABLE && ev.nkeys >= 2 &&
                strcmp(ev.keys[0], spec->array) == 0) {
                in_root = false; /* [NAME.dependencies] and the like */
                break;
            }
            rec_finish(spec, &cur);
            in_root = false;
            if (ev.kind == LT_ARRAY_TABLE && ev.nkeys == 1 && strcmp(ev.keys[0], spec->array) == 0) {
                cur.active = true;
                cur.line = ev.line;
                in_root = true;
                have_table = false;
            } else {
                table = ev;
                have_table = true;
            }
            break;
        case LT_KEYVAL:
            if (cur.active) {
                if (!in_root || ev.nkeys != 1)
                    break;
                for (size_t i = 0; i < nf; i++) {
                    if (strcmp(ev.keys[0], spec->fields[i]) != 0)
                        continue;
                    if (cur.vals[i]) {
                        pkg_error(&c->err, ev.line, "duplicate key '%s' (first on line %d)",
                                  spec->fields[i], cur.lines[i]);
                        cur.bad = true;
                    } else if (!ev.is_string) {
                        pkg_error(&c->err, ev.line, "'%s' is not a string", spec->fields[i]);
                        cur.bad = true;
                    } else {
                        cur.vals[i] = ev.str;
                        cur.lens[i] = ev.slen;
                        cur.lines[i] = ev.line;
                    }
                    break;
                }
            } else if (spec->other) {
                spec->other(spec->ud, &ev, have_table ? &table : NULL);
            }
            break;
        case LT_ERROR:
            pkg_error(&c->err, ev.line, "%s", ev.msg);
            if (ev.header) {
                /* a broken header: the record before it was complete */
                rec_finish(spec, &cur);
                in_root = false;
                have_table = false;
            } else if (cur.active) {
                cur.bad = true;
            }
            break;
        }
    }
    rec_finish(spec, &cur);
}

/* ==== Cargo.lock ==== */

enum { CG_NAME, CG_VERSION, CG_SOURCE, CG_CHECKSUM, CG_COUNT };
static const char *const cargo_fields[CG_COUNT] = {"name", "version", "source", "checksum"};

typedef struct {
    const char *key; /* "NAME VERSION (SOURCE)" */
    const char *value;
    size_t vlen;
    int line;
} cargo_meta;

typedef struct {
    lang_ctx c;
    mt_strmap bykey; /* "NAME VERSION (SOURCE)" -> mt_pkg* */
    mt_vec meta;     /* cargo_meta*: version-1 [metadata] checksums */
} cargo_ctx;

/* "sha256:" and the 64 hex digits of s, lowercased; NULL if s is not that. */
static char *cargo_checksum(mt_arena *a, const char *s, size_t n)
{
    if (n != 64)
        return NULL;
    char *d = mt_arena_alloc(a, 7 + 64 + 1);
    memcpy(d, "sha256:", 7);
    for (size_t i = 0; i < n; i++) {
        if (pkg_hexval(s[i]) < 0)
            return NULL;
        char ch = s[i];
        d[7 + i] = (ch >= 'A' && ch <= 'F') ? (char)(ch - 'A' + 'a') : ch;
    }
    return d;
}

static void cargo_record(void *ud, int line, const char *const *vals, const size_t *lens,
                         const int *lines)
{
    cargo_ctx *k = ud;
    lang_ctx *c = &k->c;
    if (!vals[CG_NAME]) {
        pkg_error(&c->err, line, "[[package]] without a name");
        return;
    }
    const char *why = lang_check_name(vals[CG_NAME], lens[CG_NAME], "-_");
    if (why) {
        pkg_error(&c->err, lines[CG_NAME], "invalid package name '%s': %s",
                  lang_quote(c->a, vals[CG_NAME], lens[CG_NAME]), why);
        return;
    }
    const char *name = vals[CG_NAME];
    if (!vals[CG_VERSION]) {
        pkg_error(&c->err, line, "package %s has no version", name);
        return;
    }
    why = lang_check_version(vals[CG_VERSION], lens[CG_VERSION]);
    if (why) {
        pkg_error(&c->err, lines[CG_VERSION], "package %s: invalid version: %s", name, why);
        return;
    }
    if (!vals[CG_SOURCE])
        return; /* a workspace member or a path dependency */
    why = lang_check_text(vals[CG_SOURCE], lens[CG_SOURCE]);
    if (!why && lens[CG_SOURCE] == 0)
        why = "it is empty";
    if (why) {
        pkg_error(&c->err, lines[CG_SOURCE], "package %s: invalid source: %s", name, why);
        return;
    }
    char *sum = NULL;
    if (vals[CG_CHECKSUM]) {
        sum = cargo_checksum(c->a, vals[CG_CHECKSUM], lens[CG_CHECKSUM]);
        if (!sum) {
            pkg_error(&c->err, lines[CG_CHECKSUM],
                      "package %s: checksum is not 64 hexadecimal digits", name);
            return;
        }
    }
    char *key = mt_arena_printf(c->a, "%s %s (%s)", name, vals[CG_VERSION], vals[CG_SOURCE]);
    bool found = false;
    mt_strmap_get(&k->bykey, key, &found);
    if (found) {
        pkg_error(&c->err, line, "package %s is listed twice", key);
        return;
    }
    mt_pkg *p = lang_emit(c, (char *)name, (char *)vals[CG_VERSION]);
    p->checksum = sum;
    mt_strmap_put(&k->bykey, key, p);
}

/* Version-1 lock files: [metadata] "checksum NAME VERSION (SOURCE)" = "hex". */
static void cargo_other(void *ud, const lt_event *kv, const lt_event *table)
{
    cargo_ctx *k = ud;
    if (!table || table->kind != LT_TABLE || table->nkeys != 1 ||
        strcmp(table->keys[0], "metadata") != 0 || kv->nkeys != 1 ||
        strncmp(kv->keys[0], "checksum ", 9) != 0 || !kv->is_string)
        return;
    cargo_meta *m = mt_arena_alloc(k->c.a, sizeof(*m));
    m->key = kv->keys[0] + 9;
    m->value = kv->str;
    m->vlen = kv->slen;
    m->line = kv->line;
    mt_vec_push(&k->meta, m);
}

size_t pkg_parse_cargo_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                            mt_vec *out, mt_vec *errs)
{
    cargo_ctx k;
    memset(&k, 0, sizeof(k));
    lang_ctx_init(&k.c, a, "cargo", db_path, out, errs);
    lt_records spec = {.array = "package",
                       .fields = cargo_fields,
                       .nfields = CG_COUNT,
                       .record = cargo_record,
                       .other = cargo_other,
                       .ud = &k};
    lt_read_records(&k.c, data, len, &spec);
    for (size_t i = 0; i < k.meta.len; i++) {
        const cargo_meta *m = k.meta.items[i];
        bool found = false;
        mt_pkg *p = mt_strmap_get(&k.bykey, m->key, &found);
        if (!found || p->checksum)
            continue;
        if (m->vlen == 6 && memcmp(m->value, "<none>", 6) == 0)
            continue;
        p->checksum = cargo_checksum(a, m->value, m->vlen);
        if (!p->checksum)
            pkg_error(&k.c.err, m->line, "checksum of %s is not 64 hexadecimal digits",
                      lang_quote(a, m->key, strlen(m->key)));
    }
    mt_vec_free(&k.meta);
    mt_strmap_free(&k.bykey);
    return lang_ctx_done(&k.c);
}

pkg_lang_parser lang_rust_parser_for(const char *path)
{
    return path && strcmp(mt_basename(path), "Cargo.lock") == 0 ? pkg_parse_cargo_lock : NULL;
}

bool pkg_rust_is_manifest(const char *path)
{
    return lang_rust_parser_for(path) != NULL;
}
