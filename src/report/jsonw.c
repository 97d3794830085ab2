/* jsonw.c — see jsonw.h. */
#include "report/jsonw.h"

#include <stdio.h>
#include <string.h>

void jsonw_init(jsonw *w, mt_buf *out)
{
    memset(w, 0, sizeof(*w));
    w->out = out;
    w->first[0] = true;
}

void jsonw_init_at(jsonw *w, mt_buf *out, int depth)
{
    jsonw_init(w, out);
    w->depth = depth < JSONW_MAX_DEPTH ? depth : JSONW_MAX_DEPTH - 1;
    w->first[w->depth] = true;
}

#define INDENT_MAX 64 /* deeper levels are indented like this one */

/* INDENT_MAX spaces: an indentation is written by copying all of them (a
 * fixed-size copy the compiler makes a few stores) and keeping n; room()
 * reserves INDENT_MAX + 3 bytes beyond what the caller asks for. */
static const char spaces[INDENT_MAX] = "                                                                ";

/* Makes room for n more bytes (plus a separator, a newline and the
 * indentation) and returns the write position; finish() commits it. */
static inline char *room(mt_buf *b, size_t n)
{
    if (b->len + n + INDENT_MAX + 3 > b->cap)
        mt_buf_grow(b, n + INDENT_MAX + 2);
    return b->data + b->len;
}

static inline void finish(mt_buf *b, char *p)
{
    b->len = (size_t)(p - b->data);
    *p = '\0';
}

/* Separator and indentation before a value or a key, written at p. */
static inline char *separate(jsonw *w, char *p)
{
    if (w->after_key) {
        w->after_key = false;
        return p;
    }
    if (w->depth == 0)
        return p;
    if (!w->first[w->depth])
        *p++ = ',';
    w->first[w->depth] = false;
    *p++ = '\n';
    size_t n = 2 * (size_t)w->depth;
    if (n > INDENT_MAX)
        n = INDENT_MAX;
    memcpy(p, spaces, INDENT_MAX);
    return p + n;
}

static void newline(jsonw *w)
{
    char *p = room(w->out, 0);
    *p++ = '\n';
    size_t n = 2 * (size_t)w->depth;
    if (n > INDENT_MAX)
        n = INDENT_MAX;
    memcpy(p, spaces, INDENT_MAX);
    finish(w->out, p + n);
}

static void before_value(jsonw *w)
{
    finish(w->out, separate(w, room(w->out, 0)));
}

static void open_(jsonw *w, char c)
{
    before_value(w);
    mt_buf_putc(w->out, c);
    if (w->depth + 1 < JSONW_MAX_DEPTH)
        w->depth++;
    w->first[w->depth] = true;
}

static void close_(jsonw *w, char c)
{
    bool empty = w->first[w->depth];
    if (w->depth > 0)
        w->depth--;
    if (!empty)
        newline(w);
    mt_buf_putc(w->out, c);
    if (w->depth == 0)
        mt_buf_putc(w->out, '\n');
}

void jsonw_object(jsonw *w)
{
    open_(w, '{');
}

void jsonw_array(jsonw *w)
{
    open_(w, '[');
}

void jsonw_end_object(jsonw *w)
{
    close_(w, '}');
}

void jsonw_end_array(jsonw *w)
{
    close_(w, ']');
}

/* 1 for bytes copied as they are (printable ASCII but '"' and '\\'). */
static const unsigned char plain[256] = {
    ['\x20'] = 1, ['!'] = 1, ['#'] = 1, ['$'] = 1, ['%'] = 1, ['&'] = 1, ['\''] = 1, ['('] = 1,
    [')'] = 1, ['*'] = 1, ['+'] = 1, [','] = 1, ['-'] = 1, ['.'] = 1, ['/'] = 1, ['0'] = 1,
    ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1,
    ['9'] = 1, [':'] = 1, [';'] = 1, ['<'] = 1, ['='] = 1, ['>'] = 1, ['?'] = 1, ['@'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
    ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1,
    ['Y'] = 1, ['Z'] = 1, ['['] = 1, [']'] = 1, ['^'] = 1, ['_'] = 1, ['`'] = 1, ['a'] = 1,
    ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1,
    ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1,
    ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1,
    ['z'] = 1, ['{'] = 1, ['|'] = 1, ['}'] = 1, ['~'] = 1,
};

void jsonw_escape(mt_buf *b, const char *s)
{
    static const char hex[] = "0123456789abcdef";
    mt_buf_putc(b, '"');
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        /* copy a run of plain characters at once */
        const unsigned char *q = p;
        while (plain[*q])
            q++;
        if (q > p) {
            mt_buf_put(b, (const char *)p, (size_t)(q - p));
            p = q;
            continue;
        }
        unsigned c = *p;
        if (c == '"' || c == '\\') {
            mt_buf_putc(b, '\\');
            mt_buf_putc(b, (char)c);
            p++;
        } else if (c == '\n') {
            mt_buf_put(b, "\\n", 2);
            p++;
        } else if (c == '\t') {
            mt_buf_put(b, "\\t", 2);
            p++;
        } else if (c == '\r') {
            mt_buf_put(b, "\\r", 2);
            p++;
        } else if (c < 0x80) {
            char u[6] = {'\\', 'u', '0', '0', hex[c >> 4], hex[c & 15]};
            mt_buf_put(b, u, 6);
            p++;
        } else {
            /* UTF-8 to \uXXXX (with surrogate pairs); invalid bytes become
             * U+FFFD so the output is always valid JSON. */
            unsigned cp = 0xfffd;
            int len = 1;
            if ((c & 0xe0) == 0xc0 && (p[1] & 0xc0) == 0x80) {
                cp = ((c & 0x1f) << 6) | (p[1] & 0x3f);
                len = 2;
                if (cp < 0x80)
                    cp = 0xfffd;
            } else if ((c & 0xf0) == 0xe0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80) {
                cp = ((c & 0x0f) << 12) | ((p[1] & 0x3f) << 6) | (p[2] & 0x3f);
                len = 3;
                if (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))
                    cp = 0xfffd;
            } else if ((c & 0xf8) == 0xf0 && (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
                       (p[3] & 0xc0) == 0x80) {
                cp = ((c & 0x07) << 18) | ((p[1] & 0x3f) << 12) | ((p[2] & 0x3f) << 6) | (p[3] & 0x3f);
                len = 4;
                if (cp < 0x10000 || cp > 0x10ffff)
                    cp = 0xfffd;
            }
            char u[16];
            if (cp >= 0x10000) {
                unsigned v = cp - 0x10000;
                snprintf(u, sizeof(u), "\\u%04x\\u%04x", 0xd800 + (v >> 10), 0xdc00 + (v & 0x3ff));
            } else {
                snprintf(u, sizeof(u), "\\u%04x", cp);
            }
            mt_buf_puts(b, u);
            p += len;
        }
    }
    mt_buf_putc(b, '"');
}

void jsonw_key(jsonw *w, const char *key)
{
    before_value(w);
    jsonw_escape(w->out, key);
    mt_buf_put(w->out, ": ", 2);
    w->after_key = true;
}

void jsonw_key_litn(jsonw *w, const char *key, size_t n)
{
    char *p = separate(w, room(w->out, n + 4));
    *p++ = '"';
    memcpy(p, key, n);
    p += n;
    *p++ = '"';
    *p++ = ':';
    *p++ = ' ';
    finish(w->out, p);
    w->after_key = true;
}

void jsonw_splice(jsonw *w, const char *frag, size_t len)
{
    if (!w->first[w->depth])
        mt_buf_putc(w->out, ',');
    w->first[w->depth] = false;
    mt_buf_put(w->out, frag, len);
}

void jsonw_raw(jsonw *w, const char *json, size_t len)
{
    char *p = separate(w, room(w->out, len));
    memcpy(p, json, len);
    finish(w->out, p + len);
}

void jsonw_string(jsonw *w, const char *s)
{
    before_value(w);
    if (s)
        jsonw_escape(w->out, s);
    else
        mt_buf_put(w->out, "null", 4);
}

void jsonw_int(jsonw *w, long long v)
{
    before_value(w);
    char tmp[MT_DEC_MAX];
    const char *p = mt_dec(tmp + sizeof(tmp), v);
    mt_buf_put(w->out, p, (size_t)(tmp + sizeof(tmp) - p));
}

void jsonw_bool(jsonw *w, bool v)
{
    before_value(w);
    mt_buf_puts(w->out, v ? "true" : "false");
}

void jsonw_null(jsonw *w)
{
    before_value(w);
    mt_buf_put(w->out, "null", 4);
}
