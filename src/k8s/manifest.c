/* manifest.c — reads Kubernetes manifests (see k8s.h): a YAML stream is cut
 * into documents at its `---` / `...` markers and each document is parsed on
 * its own, so a broken document costs only itself and memory holds one
 * document at a time. Every document remembers the line it starts on (in
 * its parse configuration's userdata), which k8s_ref_of() adds back, so
 * positions are those of the whole file. */
#include "k8s/k8s.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "core/yaml.h"

/* userdata of our documents: (line_base << 1) | 1, so that a document
 * someone else built (userdata NULL or a pointer) reads as base 0 */
static void *base_tag(int line_base)
{
    return (void *)(((intptr_t)line_base << 1) | 1);
}

int k8s_line_base(struct fy_node *n)
{
    struct fy_document *d = n ? fy_node_document(n) : NULL;
    const struct fy_parse_cfg *cfg = d ? fy_document_get_cfg(d) : NULL;
    intptr_t v = cfg ? (intptr_t)cfg->userdata : 0;
    return (v & 1) ? (int)(v >> 1) : 0;
}

/* The start of the line after p: YAML breaks lines at \n, \r\n and a lone
 * \r (libfyaml's positions count them so). */
static const char *next_line(const char *p, const char *end)
{
    while (p < end && *p != '\n' && *p != '\r')
        p++;
    if (p < end && *p == '\r')
        p++;
    if (p < end && p[-1] == '\r' && *p == '\n')
        p++;
    else if (p < end && *p == '\n')
        p++;
    return p;
}

/* ---- document bounds ---- */

typedef struct walk {
    size_t nodes;
    bool aliases;
    const char *problem;
    struct fy_node *where;
} walk;

/* Counts nodes (following aliases, so the count is what an expansion would
 * make), checks scalar sizes. Stops at the first problem. */
static void walk_node(walk *w, struct fy_node *n, int depth)
{
    if (!n || w->problem)
        return;
    if (++w->nodes > K8S_MAX_ALIAS_NODES) {
        w->problem = "alias expansion exceeds 100000 nodes (an alias bomb?)";
        w->where = n;
        return;
    }
    if (depth > K8S_MAX_DEPTH * 2) {
        w->problem = "nesting through aliases is deeper than 128 levels";
        w->where = n;
        return;
    }
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR:
        if (fy_node_is_alias(n)) {
            w->aliases = true;
            struct fy_node *t = fy_node_resolve_alias(n);
            if (!t) {
                w->problem = "alias to an unknown anchor";
                w->where = n;
                return;
            }
            walk_node(w, t, depth + 1);
        } else if (fy_node_get_scalar_length(n) > K8S_MAX_SCALAR) {
            w->problem = "scalar larger than 1.5 MiB (the API server's object size limit)";
            w->where = n;
        }
        return;
    case FYNT_SEQUENCE: {
        void *it = NULL;
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(n, &it)) != NULL && !w->problem)
            walk_node(w, item, depth + 1);
        return;
    }
    case FYNT_MAPPING: {
        void *it = NULL;
        struct fy_node_pair *p;
        while ((p = fy_node_mapping_iterate(n, &it)) != NULL && !w->problem) {
            walk_node(w, fy_node_pair_key(p), depth + 1);
            walk_node(w, fy_node_pair_value(p), depth + 1);
        }
        return;
    }
    }
}

/* ---- objects ---- */

typedef struct loader {
    void *file;
    k8s_object_fn on_obj;
    k8s_error_fn on_err;
    void *ud;
    k8s_load_stats *stats;
    const char *source; /* Helm `# Source:` of the current document */
    int doc;
    int line_base;
} loader;

static void error_at(loader *L, int line, int col, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void error_at(loader *L, int line, int col, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    L->stats->errors++;
    if (L->on_err)
        L->on_err(L->ud, line, col, msg);
}

static bool is_list_kind(const char *kind)
{
    size_t n = kind ? strlen(kind) : 0;
    return n >= 4 && strcmp(kind + n - 4, "List") == 0;
}

static void emit_object(loader *L, struct fy_node *root, int depth)
{
    if (!root || fy_node_get_type(root) != FYNT_MAPPING)
        return;
    k8s_object o = {0};
    o.root = root;
    o.api_version = k8s_str(k8s_get(root, "apiVersion"));
    o.kind = k8s_str(k8s_get(root, "kind"));
    o.metadata = k8s_get(root, "metadata");
    if (o.metadata && fy_node_get_type(o.metadata) != FYNT_MAPPING)
        o.metadata = NULL;
    o.name = k8s_str(k8s_get(o.metadata, "name"));
    o.namespace = k8s_str(k8s_get(o.metadata, "namespace"));
    o.source = L->source;
    o.doc = L->doc;
    o.file = L->file;
    if (!o.kind) {
        if (depth == 0 && !o.api_version)
            return; /* not a Kubernetes object (a values file, a fragment): nothing to say */
        k8s_ref r = k8s_ref_of(L->file, root);
        error_at(L, r.line, r.col, "object without kind");
        return;
    }
    struct fy_node *items = k8s_get(root, "items");
    if (is_list_kind(o.kind) && depth < 2 &&
        (!items || fy_node_get_type(items) == FYNT_SEQUENCE || mt_yaml_is_null(items))) {
        void *it = NULL;
        struct fy_node *item;
        while (items && (item = fy_node_sequence_iterate(items, &it)) != NULL)
            emit_object(L, item, depth + 1);
        return;
    }
    L->stats->objects++;
    L->on_obj(L->ud, &o);
}

/* Finds `# Source: PATH` (Helm's comment naming the template) among the
 * comment lines that open a document. Returns it in buf or NULL. */
static const char *helm_source(const char *p, const char *end, char *buf, size_t n)
{
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        const char *q = p;
        while (q < le && (*q == ' ' || *q == '\t'))
            q++;
        if (q < le && *q == '#') {
            q++;
            while (q < le && *q == ' ')
                q++;
            if ((size_t)(le - q) > 8 && memcmp(q, "Source: ", 8) == 0) {
                q += 8;
                size_t len = (size_t)(le - q);
                while (len && (q[len - 1] == '\r' || q[len - 1] == ' '))
                    len--;
                if (len >= n)
                    len = n - 1;
                memcpy(buf, q, len);
                buf[len] = '\0';
                return buf;
            }
        } else if (q < le && !(le - q >= 3 && memcmp(q, "---", 3) == 0) && *q != '\r') {
            return NULL; /* content: the comment block is over */
        }
        p = nl ? nl + 1 : end;
    }
    return NULL;
}

static void load_document(loader *L, const char *text, size_t len, bool json)
{
    size_t at = 0;
    const char *hazard = mt_yaml_hazard(text, len, &at);
    if (hazard) {
        int line = 1;
        for (const char *q = next_line(text, text + len); q <= text + at && q < text + len;
             q = next_line(q, text + len))
            line++;
        L->stats->documents++;
        error_at(L, L->line_base + line, 0, "YAML: %s is not supported (libfyaml mishandles it); document skipped",
                 hazard);
        return;
    }
    struct fy_diag *diag = mt_yaml_quiet_diag();
    if (!diag) {
        error_at(L, L->line_base + 1, 0, "cannot create a YAML parser");
        return;
    }
    struct fy_parse_cfg cfg = {
        .flags = FYPCF_QUIET | (json ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE),
        .userdata = base_tag(L->line_base),
        .diag = diag,
    };
    struct fy_document *doc = fy_document_build_from_string(&cfg, text, len);
    if (!doc) {
        void *it = NULL;
        struct fy_diag_error *e = fy_diag_errors_iterate(diag, &it);
        if (e) {
            /* libfyaml's error positions are 1-based; keep them inside the
             * document's lines */
            int seg_lines = 0;
            for (const char *q = text, *e2 = text + len; q < e2; q = next_line(q, e2))
                seg_lines++;
            if (seg_lines < 1)
                seg_lines = 1;
            int line = e->line < 1 ? 1 : e->line > seg_lines ? seg_lines : e->line;
            L->stats->documents++;
            error_at(L, line + L->line_base, e->column > 0 ? e->column : 0, "%s: %s",
                     json ? "JSON" : "YAML", e->msg ? e->msg : "parse error");
        }
        fy_diag_destroy(diag);
        return;
    }
    struct fy_node *root = fy_document_root(doc);
    if (root && !mt_yaml_is_null(root)) {
        L->stats->documents++;
        walk w = {0};
        walk_node(&w, root, 0);
        if (w.problem) {
            k8s_ref r = k8s_ref_of(L->file, w.where);
            error_at(L, r.line ? r.line : L->line_base + 1, r.col, "%s; document skipped",
                     w.problem);
        } else if (w.aliases && fy_document_resolve(doc) != 0) {
            k8s_ref r = k8s_ref_of(L->file, root);
            error_at(L, r.line, r.col, "cannot resolve aliases; document skipped");
        } else {
            emit_object(L, fy_document_root(doc), 0);
        }
    }
    fy_document_destroy(doc);
    fy_diag_destroy(diag);
}

/* True when [p, end) holds only directives, comments and blank lines (and
 * at least one directive). */
static bool only_prologue(const char *p, const char *end)
{
    bool directive = false;
    while (p < end) {
        const char *q = p;
        while (q < end && (*q == ' ' || *q == '\t'))
            q++;
        if (q < end && *q == '%' && q == p)
            directive = true;
        else if (q < end && *q != '#' && *q != '\n' && *q != '\r')
            return false;
        p = next_line(p, end);
    }
    return directive;
}

void k8s_load(const char *data, size_t len, bool json, void *file, k8s_object_fn on_obj,
              k8s_error_fn on_err, void *ud, k8s_load_stats *stats)
{
    k8s_load_stats dummy;
    if (!stats)
        stats = &dummy;
    memset(stats, 0, sizeof(*stats));
    loader L = {.file = file, .on_obj = on_obj, .on_err = on_err, .ud = ud, .stats = stats};
    size_t bad = mt_utf8_invalid_at(data, len);
    if (bad < len) {
        int line = 1;
        for (size_t i = 0; i < bad; i++)
            line += data[i] == '\n';
        error_at(&L, line, 0, "invalid UTF-8 at byte %zu; file not read", bad);
        return;
    }
    if (json) {
        load_document(&L, data, len, true);
        return;
    }
    const char *end = data + len, *p = data, *doc_start = data;
    int line = 0, doc_line = 0; /* 0-based line of p, of doc_start */
    char srcbuf[512];
    while (p <= end) {
        bool is_end = false;
        bool at_eof = p == end;
        bool marker = !at_eof && mt_yaml_doc_marker(p, end, &is_end);
        if (marker || at_eof) {
            /* the document so far: from doc_start up to here (a `...` line
             * belongs to it) */
            const char *stop = p;
            if (marker && is_end)
                stop = next_line(p, end);
            if (marker && !is_end && only_prologue(doc_start, stop)) {
                /* `%YAML 1.2` (and comments) before `---` belong to the
                 * document that marker opens */
                const char *nl2 = next_line(p, end);
                p = nl2;
                line++;
                continue;
            }
            if (stop > doc_start) {
                if (L.doc >= K8S_MAX_DOCS) {
                    error_at(&L, doc_line + 1, 0, "more than %d documents; the rest is not read",
                             K8S_MAX_DOCS);
                    return;
                }
                L.line_base = doc_line;
                L.source = helm_source(doc_start, stop, srcbuf, sizeof(srcbuf));
                load_document(&L, doc_start, (size_t)(stop - doc_start), false);
                L.doc++;
            }
            if (at_eof)
                break;
            if (is_end) {
                /* the next document starts after the `...` line */
                doc_start = stop;
                p = stop;
                line++;
                doc_line = line;
                continue;
            }
            doc_start = p; /* `---` opens the next document (it may hold content) */
            doc_line = line;
        }
        p = next_line(p, end);
        line++;
    }
}

bool k8s_sniff(const char *data, size_t len)
{
    if (len >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3)) { /* a UTF-8 byte-order mark */
        data += 3;
        len -= 3;
    }
    size_t n = len < 65536 ? len : 65536;
    bool api = false, kind = false;
    const char *p = data, *end = data + n;
    while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
        p++;
    if (p < end && (*p == '{' || *p == '[')) {
        /* JSON: the two keys anywhere near the top */
        return memmem(data, n, "\"apiVersion\"", 12) && memmem(data, n, "\"kind\"", 6);
    }
    for (p = data; p < end;) {
        if (end - p >= 11 && memcmp(p, "apiVersion:", 11) == 0)
            api = true;
        else if (end - p >= 5 && memcmp(p, "kind:", 5) == 0)
            kind = true;
        if (api && kind)
            return true;
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        p = nl + 1;
    }
    return false;
}
