/* pragma.c — see pragma.h. */
#include "core/pragma.h"

#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/util.h"
#include "core/yaml.h"

bool mt_pragma_comment(mt_scan_file *f, const char *text, size_t len, int first, int last)
{
    /* a NUL-terminated copy of the whole comment: short ones on the stack */
    char stack[256];
    char *t = len < sizeof(stack) ? stack : mt_xmalloc(len + 1);
    memcpy(t, text, len);
    t[len] = '\0';
    char *p = t;
    while (*p == ' ' || *p == '\t')
        p++;
    size_t n = strlen(p);
    while (n && (p[n - 1] == '\r' || p[n - 1] == ' ' || p[n - 1] == '\t'))
        p[--n] = '\0';
    bool any = false;
    if (mt_startswith_ci(p, "moat:ignore=")) {
        const char *ids = p + 12;
        size_t k = strcspn(ids, " \t");
        const char *reason = ids + k;
        while (*reason == ' ' || *reason == '\t')
            reason++;
        mt_inline_ignore_add(f, first, last, ids, k, *reason ? reason : "moat:ignore");
        any = true;
    } else {
        /* trivy:ignore:ID[:exp:YYYY-MM-DD], possibly several in one comment */
        for (const char *q = strstr(p, "trivy:ignore:"); q; q = strstr(q + 1, "trivy:ignore:")) {
            const char *id = q + 13;
            size_t k = 0;
            while (id[k] && id[k] != ':' && id[k] != ' ' && id[k] != '\t')
                k++;
            if (id[k] == ':' && mt_startswith(id + k + 1, "exp:")) {
                const char *ds = id + k + 5;
                int d = mt_parse_date(ds, strnlen(ds, 10) == 10 ? 10 : 0);
                if (d < 0 || f->today > d)
                    continue;
            }
            mt_inline_ignore_add(f, first, last, id, k, "trivy:ignore");
            any = true;
        }
    }
    if (t != stack)
        free(t);
    return any;
}

typedef struct pending {
    const char *text;
    size_t len;
} pending;

#define MAX_PENDING 32

/* The 1-based line of the last line of the document holding line `from`
 * (the line before the next marker, or the last line). */
static int doc_end_line(const char *p, const char *end, int from)
{
    int line = from;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        if (mt_yaml_doc_marker(p, le, NULL))
            return line - 1;
        if (!nl)
            break;
        p = nl + 1;
        line++;
    }
    return line;
}

void mt_pragma_yaml(mt_scan_file *f)
{
    if (f->settings->disable_ignore_pragma || !f->data)
        return;
    const char *data = f->data, *end = f->data + f->len;
    if (!memmem(data, f->len, "moat:ignore", 11) && !memmem(data, f->len, "trivy:ignore", 12))
        return;
    pending pend[MAX_PENDING];
    int npend = 0;
    bool doc_start = true; /* no content yet in the current document */
    int line = 1;
    for (const char *p = data; p < end; line++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *q = p;
        while (q < le && (*q == ' ' || *q == '\t'))
            q++;
        if (mt_yaml_doc_marker(p, le, NULL)) {
            doc_start = true;
            npend = 0;
        } else if (q < le && *q == '#') {
            if (npend < MAX_PENDING)
                pend[npend++] = (pending){q + 1, (size_t)(le - q - 1)};
        } else if (q < le && *q != '\r') {
            /* content: pending comments cover it (or its document) */
            int last = doc_start ? doc_end_line(nl ? nl + 1 : end, end, line + 1) : line;
            for (int i = 0; i < npend; i++)
                mt_pragma_comment(f, pend[i].text, pend[i].len, line, last);
            npend = 0;
            doc_start = false;
            /* a trailing comment: ` #` outside quotes */
            char quote = 0;
            for (const char *c = q; c < le; c++) {
                if (quote) {
                    if (*c == quote)
                        quote = 0;
                } else if (*c == '"' || *c == '\'') {
                    if (c == q || c[-1] == ' ' || c[-1] == ':' || c[-1] == '[' || c[-1] == '{' ||
                        c[-1] == ',' || c[-1] == '-')
                        quote = *c;
                } else if (*c == '#' && (c[-1] == ' ' || c[-1] == '\t')) {
                    mt_pragma_comment(f, c + 1, (size_t)(le - c - 1), line, line);
                    break;
                }
            }
        }
        p = nl ? nl + 1 : end;
    }
}
