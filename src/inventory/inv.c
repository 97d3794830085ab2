/* inv.c — see inv.h. */
#include "inventory/inv.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ---- analyzers, registered by path ---- */

typedef size_t (*pkg_parser)(mt_arena *a, const char *data, size_t len, const char *db_path,
                             mt_vec *out, mt_vec *errs);

typedef struct inv_analyzer {
    const char *name;
    const char *path;    /* exact path, or a directory whose direct files count */
    bool directory;
    pkg_parser parse;    /* NULL for files that describe the OS */
} inv_analyzer;

static const inv_analyzer analyzers[] = {
    {"os-release", "etc/os-release", false, NULL},
    {"os-release", "usr/lib/os-release", false, NULL},
    {"alpine-release", "etc/alpine-release", false, NULL},
    {"debian_version", "etc/debian_version", false, NULL},
    {"redhat-release", "etc/redhat-release", false, NULL},
    {"dpkg", "var/lib/dpkg/status", false, pkg_parse_dpkg},
    {"dpkg-distroless", "var/lib/dpkg/status.d", true, pkg_parse_dpkg},
    {"apk", "lib/apk/db/installed", false, pkg_parse_apk},
};

static const inv_analyzer *analyzer_for(const char *path)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
        const inv_analyzer *an = &analyzers[i];
        if (!an->directory) {
            if (strcmp(path, an->path) == 0)
                return an;
            continue;
        }
        size_t n = strlen(an->path);
        /* distroless status.d: one file per package, beside its .md5sums */
        if (strncmp(path, an->path, n) == 0 && path[n] == '/' && path[n + 1] &&
            !strchr(path + n + 1, '/') && !mt_endswith(path, ".md5sums"))
            return an;
    }
    return NULL;
}

/* ---- one pass over each layer ---- */

typedef struct layer_file {
    char *path;
    char *data;
    size_t len;
    const inv_analyzer *an;
} layer_file;

typedef struct layer_scan {
    mt_vec files;    /* layer_file*: analyzer files of this layer */
    mt_vec deletes;  /* char*: whiteouts, and analyzer paths that stopped being files */
    mt_vec opaques;  /* char*: directories emptied of lower-layer content */
    int rc;
    char err[512];
} layer_scan;

typedef struct walk_ctx {
    layer_scan *ls;
    size_t max_file;
} walk_ctx;

static int on_entry(void *ud, img_walk *w, const img_entry *e)
{
    walk_ctx *c = ud;
    switch (e->type) {
    case IMG_WHITEOUT:
        mt_vec_push(&c->ls->deletes, mt_xstrdup(e->path));
        return 0;
    case IMG_OPAQUE:
        mt_vec_push(&c->ls->opaques, mt_xstrdup(e->path));
        return 0;
    default:
        break;
    }
    const inv_analyzer *an = analyzer_for(e->path);
    if (!an)
        return 0;
    if (e->type != IMG_REG) {
        /* a symlink or directory now stands where the file was */
        mt_vec_push(&c->ls->deletes, mt_xstrdup(e->path));
        return 0;
    }
    layer_file *f = mt_xcalloc(1, sizeof(*f));
    bool truncated = false;
    if (img_walk_read(w, c->max_file, &f->data, &f->len, &truncated) != 0) {
        free(f);
        return 0; /* the walk reports read errors itself */
    }
    f->path = mt_xstrdup(e->path);
    f->an = an;
    /* A database cut short would silently lose packages: keep what was
     * read, the problem list says so. */
    (void)truncated;
    mt_vec_push(&c->ls->files, f);
    return 0;
}

typedef struct pool {
    img_image *im;
    layer_scan *scans;
    size_t max_file;
    atomic_size_t next;
} pool;

static void *pool_main(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->im->nlayers)
            break;
        walk_ctx c = {.ls = &p->scans[i], .max_file = p->max_file};
        p->scans[i].rc = img_walk_layer(p->im, i, on_entry, &c, p->scans[i].err, sizeof(p->scans[i].err));
    }
    return NULL;
}

static void walk_layers(pool *p, int threads)
{
    long n = threads > 0 ? threads : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > 16)
        n = 16;
    if ((size_t)n > p->im->nlayers)
        n = (long)p->im->nlayers;
    pthread_t tids[16];
    int started = 0;
    for (long i = 1; i < n; i++) {
        if (pthread_create(&tids[started], NULL, pool_main, p) != 0)
            break;
        started++;
    }
    pool_main(p);
    for (int i = 0; i < started; i++)
        pthread_join(tids[i], NULL);
}

static void layer_scan_free(layer_scan *ls)
{
    for (size_t i = 0; i < ls->files.len; i++) {
        layer_file *f = ls->files.items[i];
        free(f->path);
        free(f->data);
        free(f);
    }
    for (size_t i = 0; i < ls->deletes.len; i++)
        free(ls->deletes.items[i]);
    for (size_t i = 0; i < ls->opaques.len; i++)
        free(ls->opaques.items[i]);
    mt_vec_free(&ls->files);
    mt_vec_free(&ls->deletes);
    mt_vec_free(&ls->opaques);
}

/* ---- replaying the layers ---- */

/* path is dir itself or below it */
static bool under(const char *path, const char *dir, bool self)
{
    size_t n = strlen(dir);
    if (n == 0)
        return true; /* the root */
    if (strncmp(path, dir, n) != 0)
        return false;
    return path[n] == '/' || (self && path[n] == '\0');
}

/* The analyzer files present after the layers applied so far. */
typedef struct live_set {
    mt_vec files; /* layer_file* (borrowed from the layer scans) */
} live_set;

static bool live_remove_under(live_set *s, const char *dir, bool self)
{
    bool changed = false;
    size_t w = 0;
    for (size_t i = 0; i < s->files.len; i++) {
        layer_file *f = s->files.items[i];
        if (under(f->path, dir, self))
            changed = true;
        else
            s->files.items[w++] = f;
    }
    s->files.len = w;
    return changed;
}

static void live_put(live_set *s, layer_file *f)
{
    for (size_t i = 0; i < s->files.len; i++) {
        layer_file *g = s->files.items[i];
        if (strcmp(g->path, f->path) == 0) {
            s->files.items[i] = f;
            return;
        }
    }
    mt_vec_push(&s->files, f);
}

static int cmp_file(const void *a, const void *b)
{
    const layer_file *x = *(layer_file *const *)a, *y = *(layer_file *const *)b;
    return strcmp(x->path, y->path);
}

/* Parses every package database of the live set into out. */
static void parse_packages(mt_arena *a, live_set *s, mt_vec *out, mt_vec *errs, mt_vec *err_paths)
{
    /* a stable order, whatever order the layers added files in */
    if (s->files.len > 1)
        qsort(s->files.items, s->files.len, sizeof(void *), cmp_file);
    for (size_t i = 0; i < s->files.len; i++) {
        layer_file *f = s->files.items[i];
        if (!f->an->parse)
            continue;
        size_t before = errs ? errs->len : 0;
        f->an->parse(a, f->data, f->len, f->path, out, errs);
        for (size_t k = before; errs && k < errs->len; k++)
            mt_vec_push(err_paths, f->path);
    }
}

static char *pkg_key(const mt_pkg *p, char *buf, size_t n)
{
    snprintf(buf, n, "%s\x1f%s\x1f%s", p->type, p->name, p->arch ? p->arch : "");
    return buf;
}

typedef struct seen_pkg {
    char *version;
    int layer;
} seen_pkg;

static void free_map(mt_strmap *m)
{
    for (size_t i = 0; i < m->cap; i++) {
        if (m->keys && m->keys[i]) {
            seen_pkg *sp = m->vals[i];
            free(sp->version);
            free(sp);
        }
    }
    mt_strmap_free(m);
}

/* ---- the OS ---- */

static void detect_os(mt_arena *a, live_set *s, inv_result *out)
{
    static const char *const order[] = {"etc/os-release", "usr/lib/os-release"};
    for (size_t k = 0; k < MT_ARRAY_LEN(order); k++) {
        for (size_t i = 0; i < s->files.len; i++) {
            layer_file *f = s->files.items[i];
            if (strcmp(f->path, order[k]) != 0)
                continue;
            mt_os os = {0};
            if (pkg_parse_os_release(a, f->data, f->len, &os) == 0) {
                out->os = os;
                out->os_source = mt_arena_strdup(a, f->path);
                return;
            }
        }
    }
    static const struct {
        const char *path;
        int (*parse)(mt_arena *, const char *, size_t, mt_os *);
    } fallbacks[] = {
        {"etc/alpine-release", pkg_os_from_alpine_release},
        {"etc/redhat-release", pkg_os_from_redhat_release},
        {"etc/debian_version", pkg_os_from_debian_version},
    };
    for (size_t k = 0; k < MT_ARRAY_LEN(fallbacks); k++) {
        for (size_t i = 0; i < s->files.len; i++) {
            layer_file *f = s->files.items[i];
            mt_os os = {0};
            if (strcmp(f->path, fallbacks[k].path) == 0 &&
                fallbacks[k].parse(a, f->data, f->len, &os) == 0) {
                out->os = os;
                out->os_source = mt_arena_strdup(a, f->path);
                return;
            }
        }
    }
}

static int cmp_pkg(const void *a, const void *b)
{
    const mt_pkg *x = *(mt_pkg *const *)a, *y = *(mt_pkg *const *)b;
    int c = strcmp(x->type, y->type);
    if (!c)
        c = strcmp(x->name, y->name);
    if (!c)
        c = strcmp(x->arch ? x->arch : "", y->arch ? y->arch : "");
    if (!c)
        c = strcmp(x->version, y->version);
    return c;
}

int inv_scan(img_image *im, mt_arena *a, const inv_opts *o, inv_result *out, char *err,
             size_t errlen)
{
    memset(out, 0, sizeof(*out));
    pool p = {.im = im, .max_file = o && o->max_file ? o->max_file : (size_t)256 << 20};
    atomic_init(&p.next, 0);
    p.scans = mt_xcalloc(im->nlayers ? im->nlayers : 1, sizeof(layer_scan));
    walk_layers(&p, o ? o->threads : 0);

    int rc = 0;
    for (size_t i = 0; i < im->nlayers; i++) {
        if (p.scans[i].rc != 0) {
            snprintf(err, errlen, "%s", p.scans[i].err[0] ? p.scans[i].err : "layer walk stopped");
            rc = -1;
            goto done;
        }
    }

    live_set live = {0};
    mt_strmap seen = {0};
    for (size_t i = 0; i < im->nlayers; i++) {
        layer_scan *ls = &p.scans[i];
        bool changed = false;
        /* a layer's whiteouts and opaque directories hide what the layers
         * below it put there, never its own files */
        for (size_t k = 0; k < ls->deletes.len; k++)
            changed |= live_remove_under(&live, ls->deletes.items[k], true);
        for (size_t k = 0; k < ls->opaques.len; k++)
            changed |= live_remove_under(&live, ls->opaques.items[k], false);
        for (size_t k = 0; k < ls->files.len; k++) {
            live_put(&live, ls->files.items[k]);
            changed = true;
        }
        if (!changed)
            continue;
        /* Which packages are installed once this layer is applied, and
         * since when (same version)? */
        mt_arena scratch;
        mt_arena_init(&scratch);
        mt_vec now = {0};
        parse_packages(&scratch, &live, &now, NULL, NULL);
        mt_strmap next = {0};
        for (size_t k = 0; k < now.len; k++) {
            const mt_pkg *pk = now.items[k];
            char key[1024];
            pkg_key(pk, key, sizeof(key));
            bool found = false;
            seen_pkg *old = mt_strmap_get(&seen, key, &found);
            bool dup = false;
            mt_strmap_get(&next, key, &dup);
            if (dup)
                continue;
            seen_pkg *sp = mt_xmalloc(sizeof(*sp));
            sp->version = mt_xstrdup(pk->version);
            sp->layer = found && strcmp(old->version, pk->version) == 0 ? old->layer : (int)i;
            mt_strmap_put(&next, key, sp);
        }
        free_map(&seen);
        seen = next;
        mt_vec_free(&now);
        mt_arena_free(&scratch);
    }

    detect_os(a, &live, out);
    mt_vec errs = {0}, err_paths = {0};
    parse_packages(a, &live, &out->pkgs, &errs, &err_paths);
    for (size_t k = 0; k < out->pkgs.len; k++) {
        mt_pkg *pk = out->pkgs.items[k];
        char key[1024];
        bool found = false;
        seen_pkg *sp = mt_strmap_get(&seen, pkg_key(pk, key, sizeof(key)), &found);
        pk->layer = found ? sp->layer : -1;
        pkg_purl(a, pk, out->os.id ? &out->os : NULL);
    }
    if (out->pkgs.len > 1)
        qsort(out->pkgs.items, out->pkgs.len, sizeof(void *), cmp_pkg);
    for (size_t k = 0; k < errs.len; k++) {
        const mt_pkg_error *pe = errs.items[k];
        mt_vec_push(&out->problems,
                    mt_arena_printf(a, "%s:%d: %s", (char *)err_paths.items[k], pe->line, pe->message));
    }
    mt_vec_free(&errs);
    mt_vec_free(&err_paths);
    free_map(&seen);
    mt_vec_free(&live.files);

done:
    for (size_t i = 0; i < im->nlayers; i++)
        layer_scan_free(&p.scans[i]);
    free(p.scans);
    return rc;
}

void inv_result_free(inv_result *r)
{
    mt_vec_free(&r->pkgs);
    mt_vec_free(&r->problems);
}
