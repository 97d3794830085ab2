/* inv.c — see inv.h. */
#include "inventory/inv.h"
#include "secret/secret.h"

#include "pkg/gobin.h"
#include "pkg/java.h"
#include "pkg/lang.h"
#include "pkg/node.h"
#include "pkg/rpm.h"
#include "pkg/rustbin.h"

#include <pthread.h>
#include <stdint.h>
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
    const char *path;    /* exact path; NULL when match decides */
    bool (*match)(const char *path);
    pkg_parser parse;    /* NULL for files that describe the OS */
} inv_analyzer;

/* distroless status.d: one file per package, beside its .md5sums */
static bool dpkg_status_d(const char *path)
{
    static const char dir[] = "var/lib/dpkg/status.d/";
    return strncmp(path, dir, sizeof(dir) - 1) == 0 && path[sizeof(dir) - 1] &&
           !strchr(path + sizeof(dir) - 1, '/') && !mt_endswith(path, ".md5sums");
}

/* Python manifests, without the requirements files that installed
 * packages and documentation ship (they describe someone else's build). */
static bool python_manifest(const char *path)
{
    if (!pkg_python_is_manifest(path))
        return false;
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    if (strncmp(b, "requirements", 12) != 0)
        return true;
    return strncmp(path, "usr/share/", 10) != 0 && !strstr(path, "/site-packages/") &&
           !strstr(path, "/dist-packages/");
}

/* Lock files of a project (not those that installed packages ship, nor
 * npm's hidden node_modules/.package-lock.json, which repeats what the
 * installed manifests say). */
static bool project_file(const char *path, const char *name)
{
    const char *b = strrchr(path, '/');
    b = b ? b + 1 : path;
    return strcmp(b, name) == 0 && !strstr(path, "node_modules/") && strncmp(path, "usr/share/", 10) != 0;
}

static bool npm_lock(const char *path)
{
    return project_file(path, "package-lock.json") || project_file(path, "npm-shrinkwrap.json");
}

static bool yarn_lock(const char *path)
{
    return project_file(path, "yarn.lock");
}

static bool pnpm_lock(const char *path)
{
    return project_file(path, "pnpm-lock.yaml");
}

/* Java archives, but not those Debian's Java packages install (already
 * listed by dpkg). */
static bool java_archive(const char *path)
{
    return pkg_java_is_archive(path) && strncmp(path, "usr/share/java/", 15) != 0;
}

static const inv_analyzer analyzers[] = {
    {"os-release", "etc/os-release", NULL, NULL},
    {"os-release", "usr/lib/os-release", NULL, NULL},
    {"alpine-release", "etc/alpine-release", NULL, NULL},
    {"debian_version", "etc/debian_version", NULL, NULL},
    {"redhat-release", "etc/redhat-release", NULL, NULL},
    {"dpkg", "var/lib/dpkg/status", NULL, pkg_parse_dpkg},
    {"dpkg-distroless", NULL, dpkg_status_d, pkg_parse_dpkg},
    {"apk", "lib/apk/db/installed", NULL, pkg_parse_apk},
    {"rpm-sqlite", "var/lib/rpm/rpmdb.sqlite", NULL, pkg_parse_rpm_sqlite},
    {"rpm-sqlite", "usr/lib/sysimage/rpm/rpmdb.sqlite", NULL, pkg_parse_rpm_sqlite},
    {"rpm-bdb", "var/lib/rpm/Packages", NULL, pkg_parse_rpm_bdb},
    {"rpm-ndb", "var/lib/rpm/Packages.db", NULL, pkg_parse_rpm_ndb},
    {"rpm-ndb", "usr/lib/sysimage/rpm/Packages.db", NULL, pkg_parse_rpm_ndb},
    {"npm-installed", NULL, pkg_npm_is_installed_manifest, pkg_parse_npm_package_json},
    {"npm-lock", NULL, npm_lock, pkg_parse_npm_lock},
    {"yarn-lock", NULL, yarn_lock, pkg_parse_yarn_lock},
    {"pnpm-lock", NULL, pnpm_lock, pkg_parse_pnpm_lock},
    {"python", NULL, python_manifest, pkg_parse_python},
    {"ruby", NULL, pkg_ruby_is_manifest, pkg_parse_ruby},
    {"php", NULL, pkg_php_is_manifest, pkg_parse_php},
    {"dotnet", NULL, pkg_dotnet_is_manifest, pkg_parse_deps_json},
    {"rust", NULL, pkg_rust_is_manifest, pkg_parse_cargo_lock},
    {"java", NULL, java_archive, pkg_parse_java_archive},
};

/* Executables are parsed as the walk reads them (they can be large, and
 * only their build information is kept). */
static const inv_analyzer go_binaries = {"go-binary", NULL, NULL, pkg_parse_go_binary};
static const inv_analyzer rust_binaries = {"rust-binary", NULL, NULL, pkg_parse_rust_binary};
#define GO_BINARY_MAX ((size_t)256 << 20)

static const inv_analyzer *analyzer_for(const char *path)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
        const inv_analyzer *an = &analyzers[i];
        if (an->path ? strcmp(path, an->path) == 0 : an->match(path))
            return an;
    }
    return NULL;
}

/* ---- one pass over each layer ---- */

typedef struct layer_file {
    char *path;
    char *data;             /* content of OS description files (os-release, ...);
                               NULL for package sources, parsed during the walk */
    size_t len;
    const inv_analyzer *an;
    mt_vec pkgs;            /* mt_pkg* parsed during the walk (layer arena) */
    mt_vec errs;            /* mt_pkg_error* of that parse (layer arena) */
} layer_file;

typedef struct layer_scan {
    mt_arena arena;   /* packages parsed during the walk (executables) */
    uint64_t *hashes; /* hash of every entry path, sorted after the walk */
    size_t nhashes, caphashes;
    mt_vec notes;    /* inv_note* (malloc()ed, path too) */
    mt_vec files;    /* layer_file*: analyzer files of this layer */
    mt_vec deletes;  /* char*: whiteouts, and analyzer paths that stopped being files */
    mt_vec opaques;  /* char*: directories emptied of lower-layer content */
    mt_vec secrets;  /* inv_secret* (malloc()ed) */
    size_t secret_bytes;
    int rc;
    char err[512];
} layer_scan;

typedef struct walk_ctx {
    layer_scan *ls;
    size_t max_file;
    int layer;
    sec_scanner *sc;  /* secrets, or NULL */
    /* the content of the current entry when it was read once for all */
    bool have;
    char *data;
    size_t len;
    bool truncated;
    bool scanning;    /* streaming a text file through the scanner */
    const char *path;
} walk_ctx;

/* Reads the current entry's content (at most max bytes) into a malloc()ed
 * buffer: from the walk, or from the copy read once for the secret scan. */
static int entry_read(walk_ctx *c, img_walk *w, size_t max, char **data, size_t *len, bool *truncated)
{
    if (!c->have)
        return img_walk_read(w, max, data, len, truncated);
    size_t n = c->len < max ? c->len : max;
    *data = mt_xmalloc(n + 1);
    memcpy(*data, c->data, n);
    (*data)[n] = '\0';
    *len = n;
    *truncated = c->truncated || n < c->len;
    return 0;
}

static void on_secret(void *ud, const sec_match *m)
{
    walk_ctx *c = ud;
    inv_secret *s = mt_xcalloc(1, sizeof(*s));
    s->path = mt_xstrdup(c->path);
    s->layer = c->layer;
    s->rule = m->rule;
    s->line = m->line;
    s->col = m->col;
    s->end_line = m->end_line;
    s->secret = mt_xstrndup(m->secret, m->secret_len);
    s->secret_len = m->secret_len;
    s->line_text = m->line_text ? mt_xstrdup(m->line_text) : NULL;
    mt_vec_push(&c->ls->secrets, s);
}

static uint64_t path_hash(const char *path)
{
    return mt_fnv1a64(path, strlen(path), 0);
}

static void add_hash(layer_scan *ls, const char *path)
{
    if (ls->nhashes == ls->caphashes) {
        ls->caphashes = ls->caphashes ? ls->caphashes * 2 : 1024;
        ls->hashes = mt_xrealloc(ls->hashes, ls->caphashes * sizeof(uint64_t));
    }
    ls->hashes[ls->nhashes++] = path_hash(path);
}

static bool has_hash(const layer_scan *ls, uint64_t h)
{
    size_t lo = 0, hi = ls->nhashes;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ls->hashes[mid] < h)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo < ls->nhashes && ls->hashes[lo] == h;
}

static int cmp_u64(const void *a, const void *b)
{
    uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
    return x < y ? -1 : x > y;
}

static const char *base_of(const char *path)
{
    const char *b = strrchr(path, '/');
    return b ? b + 1 : path;
}

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

/* Package-manager caches left in an image, by the files they hold. */
static const char *cache_of(const char *path)
{
    if (under(path, "var/cache/apt/archives", false) && mt_endswith(path, ".deb"))
        return "apt package archives (var/cache/apt/archives)";
    if (under(path, "var/lib/apt/lists", false) && !strchr(path + 18, '/') && strcmp(base_of(path), "lock") != 0)
        return "apt package lists (var/lib/apt/lists)";
    if (under(path, "var/cache/apk", false))
        return "apk cache (var/cache/apk)";
    if (under(path, "var/cache/yum", false) || under(path, "var/cache/dnf", false))
        return "yum/dnf cache (var/cache/yum, var/cache/dnf)";
    if (strstr(path, "/.cache/pip/") || !strncmp(path, ".cache/pip/", 11))
        return "pip cache (~/.cache/pip)";
    if (strstr(path, "/.npm/_cacache/"))
        return "npm cache (~/.npm/_cacache)";
    return NULL;
}

/* Files worth reading to know whether they hold a secret: what they would
 * be, and the text that confirms it (NULL: the name is enough). */
static const char *secret_candidate(const char *path, const char **needle)
{
    const char *b = base_of(path);
    *needle = NULL;
    if (!strncmp(path, "usr/share/", 10) || !strncmp(path, "usr/lib/", 8) ||
        !strncmp(path, "etc/ssl/", 8) || !strncmp(path, "usr/local/lib/", 14))
        return NULL; /* test keys and certificates shipped by packages */
    static const char *const keys[] = {"id_rsa", "id_dsa", "id_ecdsa", "id_ed25519"};
    for (size_t k = 0; k < MT_ARRAY_LEN(keys); k++) {
        if (!strcmp(b, keys[k])) {
            *needle = "PRIVATE KEY";
            return "an SSH private key";
        }
    }
    if (!strncmp(path, "etc/ssh/ssh_host_", 17) && mt_endswith(path, "_key")) {
        *needle = "PRIVATE KEY";
        return "an SSH host private key (every container of the image shares it)";
    }
    if (mt_endswith(b, ".pem") || mt_endswith(b, ".key")) {
        *needle = "PRIVATE KEY";
        return "a private key";
    }
    if (!strcmp(b, ".npmrc")) {
        *needle = "_auth";
        return "an .npmrc with a registry token";
    }
    if (!strcmp(b, ".pypirc")) {
        *needle = "password";
        return "a .pypirc with a PyPI password";
    }
    if (!strcmp(b, ".netrc")) {
        *needle = "password";
        return "a .netrc with a password";
    }
    if (!strcmp(b, ".git-credentials"))
        return "git credentials";
    if (mt_endswith(path, ".aws/credentials"))
        return "AWS credentials";
    if (mt_endswith(path, ".docker/config.json")) {
        *needle = "\"auth\"";
        return "Docker registry credentials";
    }
    if (mt_endswith(path, ".kube/config"))
        return "a kubeconfig";
    if (!strcmp(b, "application_default_credentials.json"))
        return "Google Cloud credentials";
    if (!strcmp(b, ".env") || (!strncmp(b, ".env.", 5) && !strstr(b, "example") && !strstr(b, "sample") &&
                               !strstr(b, "template")))
        return "a .env file";
    return NULL;
}

static const char *history_of(const char *b)
{
    static const char *const names[] = {".bash_history", ".zsh_history", ".ash_history", ".sh_history",
                                        ".python_history", ".mysql_history", ".psql_history",
                                        ".node_repl_history"};
    for (size_t k = 0; k < MT_ARRAY_LEN(names); k++) {
        if (!strcmp(b, names[k]))
            return "a shell or REPL history";
    }
    return NULL;
}

static void add_note(layer_scan *ls, inv_note_kind kind, const img_entry *e, const char *what)
{
    inv_note *n = mt_xcalloc(1, sizeof(*n));
    n->kind = kind;
    n->path = mt_xstrdup(e->path);
    n->mode = e->mode;
    n->size = e->size;
    n->what = what;
    mt_vec_push(&ls->notes, n);
}

/* Records what the image audit needs to know about one entry. */
static void note_entry(walk_ctx *c, img_walk *w, const img_entry *e)
{
    if (e->type == IMG_REG && (e->mode & 06000))
        add_note(c->ls, INV_SETID, e, NULL);
    if ((e->type == IMG_REG || (e->type == IMG_DIR && !(e->mode & 01000))) && (e->mode & 0002))
        add_note(c->ls, INV_WORLD_WRITABLE, e, NULL);
    if (e->type != IMG_REG)
        return;
    const char *what = cache_of(e->path);
    if (what) {
        add_note(c->ls, INV_CACHE, e, what);
        return;
    }
    if ((what = history_of(base_of(e->path))) != NULL && e->size > 0) {
        add_note(c->ls, INV_HISTORY_FILE, e, what);
        return;
    }
    const char *needle;
    if ((what = secret_candidate(e->path, &needle)) == NULL || e->size == 0)
        return;
    if (needle) {
        char *data = NULL;
        size_t len = 0;
        bool truncated = false;
        if (entry_read(c, w, 65536, &data, &len, &truncated) != 0)
            return;
        bool found = data && memmem(data, len, needle, strlen(needle)) != NULL;
        free(data);
        if (!found)
            return;
    }
    add_note(c->ls, INV_SECRET_FILE, e, what);
}

/* An executable: Go build information or a cargo-auditable dependency list
 * becomes packages right away, and the content is dropped. */
static int read_executable(walk_ctx *c, img_walk *w, const img_entry *e)
{
    char *data = NULL;
    size_t len = 0;
    bool truncated = false;
    if (entry_read(c, w, GO_BINARY_MAX, &data, &len, &truncated) != 0)
        return 0;
    const inv_analyzer *an = pkg_gobin_sniff(data, len)     ? &go_binaries
                             : pkg_rustbin_sniff(data, len) ? &rust_binaries
                                                            : NULL;
    if (an) {
        layer_file *f = mt_xcalloc(1, sizeof(*f));
        f->path = mt_xstrdup(e->path);
        f->an = an;
        an->parse(&c->ls->arena, data, len, e->path, &f->pkgs, NULL);
        mt_vec_push(&c->ls->files, f);
    }
    free(data);
    return 0;
}

static int on_entry_inner(walk_ctx *c, img_walk *w, const img_entry *e, const inv_analyzer *an);

/* Secrets: every regular file with content is scanned unless it is
 * binary. Files an analyzer or the binary readers need are read once
 * whole (as far as the largest reader needs) and the readers take their
 * bytes from that copy; the others are streamed. */
#define SECRET_FILE_MAX ((size_t)64 << 20)

/* A file no analyzer needs is streamed through the secret scanner 1 MiB
 * at a time; its first 64 KiB are kept for the audit's look inside
 * credential files. */
#define STREAM_PREFIX ((size_t)64 << 10)

static int on_chunk(void *ud, const char *data, size_t len)
{
    walk_ctx *c = ud;
    if (c->len == 0 && !c->have) {
        c->have = true; /* first chunk: text or binary? */
        c->scanning = !sec_looks_binary(data, len);
        if (c->scanning)
            sec_stream_begin(c->sc, c->path);
    }
    if (c->len < STREAM_PREFIX) {
        size_t n = len < STREAM_PREFIX - c->len ? len : STREAM_PREFIX - c->len;
        memcpy(c->data + c->len, data, n);
        c->len += n;
        c->data[c->len] = '\0';
    }
    if (len > 0 && c->len == STREAM_PREFIX)
        c->truncated = true; /* (conservative: the prefix is never the whole file then) */
    if (c->scanning) {
        c->ls->secret_bytes += len;
        sec_stream_feed(c->sc, data, len, on_secret, c);
    }
    return 0;
}

static int on_entry(void *ud, img_walk *w, const img_entry *e)
{
    walk_ctx *c = ud;
    /* the package analyzer of this path, looked up once per entry */
    const inv_analyzer *an =
        e->type == IMG_WHITEOUT || e->type == IMG_OPAQUE ? NULL : analyzer_for(e->path);
    if (!c->sc || e->type != IMG_REG || e->size <= 0)
        return on_entry_inner(c, w, e, an);
    c->path = e->path;
    bool exe = (e->mode & 0111) && e->size >= 64 && (uint64_t)e->size <= GO_BINARY_MAX;
    if (!an && !exe) {
        c->data = mt_xmalloc(STREAM_PREFIX + 1);
        c->data[0] = '\0';
        c->len = 0;
        c->have = false;
        c->truncated = false;
        c->scanning = false;
        int rc = img_walk_stream(w, on_chunk, c);
        if (c->scanning)
            sec_stream_end(c->sc, on_secret, c);
        c->have = rc == 0;
        rc = c->have ? on_entry_inner(c, w, e, an) : 0; /* the walk reports read errors itself */
        free(c->data);
        c->data = NULL;
        c->have = false;
        return rc;
    }
    size_t max = SECRET_FILE_MAX;
    if (an && c->max_file > max)
        max = c->max_file;
    if (exe && GO_BINARY_MAX > max)
        max = GO_BINARY_MAX;
    if (img_walk_read(w, max, &c->data, &c->len, &c->truncated) != 0)
        return 0; /* the walk reports read errors itself */
    c->have = true;
    if (!sec_looks_binary(c->data, c->len)) {
        size_t n = c->len < SECRET_FILE_MAX ? c->len : SECRET_FILE_MAX;
        c->ls->secret_bytes += n;
        sec_scan_buffer(c->sc, e->path, c->data, n, on_secret, c);
    }
    int rc = on_entry_inner(c, w, e, an);
    free(c->data);
    c->data = NULL;
    c->have = false;
    return rc;
}

/* One entry, after the secret scan; an is analyzer_for(e->path) (NULL for
 * whiteouts and opaque markers). */
static int on_entry_inner(walk_ctx *c, img_walk *w, const img_entry *e, const inv_analyzer *an)
{
    if (e->type != IMG_WHITEOUT && e->type != IMG_OPAQUE)
        add_hash(c->ls, e->path);
    if (e->type != IMG_REG || !an)
        note_entry(c, w, e); /* (analyzer files read their content below) */
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
    if (!an && e->type == IMG_REG && (e->mode & 0111) && e->size >= 64 &&
        (uint64_t)e->size <= GO_BINARY_MAX)
        return read_executable(c, w, e);
    if (!an)
        return 0;
    if (e->type != IMG_REG) {
        /* a symlink or directory now stands where the file was */
        mt_vec_push(&c->ls->deletes, mt_xstrdup(e->path));
        return 0;
    }
    layer_file *f = mt_xcalloc(1, sizeof(*f));
    bool truncated = false;
    if (entry_read(c, w, c->max_file, &f->data, &f->len, &truncated) != 0) {
        free(f);
        return 0; /* the walk reports read errors itself */
    }
    f->path = mt_xstrdup(e->path);
    f->an = an;
    if (truncated) {
        mt_pkg_error *pe = mt_arena_alloc(&c->ls->arena, sizeof(*pe));
        pe->message = mt_arena_printf(&c->ls->arena, "larger than %zu bytes: only the start was read",
                                      c->max_file);
        mt_vec_push(&f->errs, pe);
    }
    if (an->parse) {
        /* Keep the packages, not the file: memory follows the number of
         * packages, not the size of the manifests. */
        an->parse(&c->ls->arena, f->data, f->len, f->path, &f->pkgs, &f->errs);
        free(f->data);
        f->data = NULL;
        f->len = 0;
    }
    mt_vec_push(&c->ls->files, f);
    return 0;
}

typedef struct pool {
    img_image *im;
    layer_scan *scans;
    size_t max_file;
    const sec_ruleset *secrets;
    atomic_size_t next;
} pool;

static void *pool_main(void *arg)
{
    pool *p = arg;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= p->im->nlayers)
            break;
        walk_ctx c = {.ls = &p->scans[i], .max_file = p->max_file, .layer = (int)i};
        c.sc = p->secrets ? sec_scanner_new(p->secrets) : NULL;
        p->scans[i].rc = img_walk_layer(p->im, i, on_entry, &c, p->scans[i].err, sizeof(p->scans[i].err));
        sec_scanner_free(c.sc);
        if (p->scans[i].nhashes > 1)
            qsort(p->scans[i].hashes, p->scans[i].nhashes, sizeof(uint64_t), cmp_u64);
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
        mt_vec_free(&f->pkgs);
        mt_vec_free(&f->errs);
        free(f);
    }
    for (size_t i = 0; i < ls->deletes.len; i++)
        free(ls->deletes.items[i]);
    for (size_t i = 0; i < ls->opaques.len; i++)
        free(ls->opaques.items[i]);
    for (size_t i = 0; i < ls->notes.len; i++) {
        inv_note *n = ls->notes.items[i];
        free(n->path);
        free(n);
    }
    mt_vec_free(&ls->notes);
    for (size_t i = 0; i < ls->secrets.len; i++) {
        inv_secret *x = ls->secrets.items[i];
        free(x->path);
        free(x->secret);
        free(x->line_text);
        free(x);
    }
    mt_vec_free(&ls->secrets);
    free(ls->hashes);
    mt_arena_free(&ls->arena);
    mt_vec_free(&ls->files);
    mt_vec_free(&ls->deletes);
    mt_vec_free(&ls->opaques);
}

/* ---- replaying the layers ---- */

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
static char *dup_or_null(mt_arena *a, const char *s)
{
    return s ? mt_arena_strdup(a, s) : NULL;
}

static mt_pkg *pkg_copy(mt_arena *a, const mt_pkg *p)
{
    mt_pkg *c = mt_arena_alloc(a, sizeof(*c));
    *c = *p;
    c->name = dup_or_null(a, p->name);
    c->version = dup_or_null(a, p->version);
    c->source_name = dup_or_null(a, p->source_name);
    c->source_version = dup_or_null(a, p->source_version);
    c->arch = dup_or_null(a, p->arch);
    c->license = dup_or_null(a, p->license);
    c->purl = dup_or_null(a, p->purl);
    c->checksum = dup_or_null(a, p->checksum);
    c->db_path = dup_or_null(a, p->db_path);
    if (p->ndepends) {
        c->depends = mt_arena_alloc(a, p->ndepends * sizeof(char *));
        for (size_t i = 0; i < p->ndepends; i++)
            c->depends[i] = mt_arena_strdup(a, p->depends[i]);
    }
    return c; /* type is a static string */
}

/* The packages of the live set: copied into a (the result), or borrowed
 * when a is NULL (an intermediate step of the replay). Errors go to errs
 * with their file in err_paths, when errs is not NULL. */
static void collect_packages(mt_arena *a, live_set *s, mt_vec *out, mt_vec *errs, mt_vec *err_paths)
{
    /* a stable order, whatever order the layers added files in */
    if (s->files.len > 1)
        qsort(s->files.items, s->files.len, sizeof(void *), cmp_file);
    for (size_t i = 0; i < s->files.len; i++) {
        layer_file *f = s->files.items[i];
        if (!f->an->parse)
            continue;
        for (size_t k = 0; k < f->pkgs.len; k++)
            mt_vec_push(out, a ? pkg_copy(a, f->pkgs.items[k]) : f->pkgs.items[k]);
        for (size_t k = 0; errs && k < f->errs.len; k++) {
            const mt_pkg_error *pe = f->errs.items[k];
            mt_pkg_error *c = mt_arena_alloc(a, sizeof(*c));
            c->line = pe->line;
            c->message = mt_arena_strdup(a, pe->message);
            mt_vec_push(errs, c);
            mt_vec_push(err_paths, f->path);
        }
    }
}

/* OS packages are one per name and architecture; others (a library
 * vendored by two applications) are told apart by where they were found. */
static char *pkg_key(const mt_pkg *p, char *buf, size_t n)
{
    snprintf(buf, n, "%s\x1f%s\x1f%s\x1f%s", p->type, p->name, p->arch ? p->arch : "",
             pkg_is_os(p) || !p->db_path ? "" : p->db_path);
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

static int cmp_note(const void *a, const void *b)
{
    const inv_note *x = *(inv_note *const *)a, *y = *(inv_note *const *)b;
    int c = strcmp(x->path, y->path);
    return c ? c : (int)x->kind - (int)y->kind;
}

/* Which noted files survive to the final filesystem: a later layer's
 * whiteout, opaque directory or new entry at the same path removes them. */
static void replay_notes(mt_arena *a, pool *p, size_t nlayers, inv_result *out)
{
    mt_vec live = {0}; /* inv_note* borrowed from the layer scans */
    for (size_t i = 0; i < nlayers; i++) {
        layer_scan *ls = &p->scans[i];
        size_t w = 0;
        for (size_t k = 0; k < live.len; k++) {
            inv_note *n = live.items[k];
            bool gone = has_hash(ls, path_hash(n->path));
            for (size_t d = 0; d < ls->deletes.len && !gone; d++)
                gone = under(n->path, ls->deletes.items[d], true);
            for (size_t d = 0; d < ls->opaques.len && !gone; d++)
                gone = under(n->path, ls->opaques.items[d], false);
            if (!gone)
                live.items[w++] = n;
        }
        live.len = w;
        for (size_t k = 0; k < ls->notes.len; k++) {
            inv_note *n = ls->notes.items[k];
            n->layer = (int)i;
            mt_vec_push(&live, n);
        }
    }
    for (size_t k = 0; k < live.len; k++) {
        const inv_note *n = live.items[k];
        inv_note *c = mt_arena_alloc(a, sizeof(*c));
        *c = *n;
        c->path = mt_arena_strdup(a, n->path);
        mt_vec_push(&out->notes, c);
    }
    if (out->notes.len > 1)
        qsort(out->notes.items, out->notes.len, sizeof(void *), cmp_note);
    mt_vec_free(&live);
}

int inv_scan(img_image *im, mt_arena *a, const inv_opts *o, inv_result *out, char *err,
             size_t errlen)
{
    memset(out, 0, sizeof(*out));
    pool p = {.im = im, .max_file = o && o->max_file ? o->max_file : (size_t)256 << 20,
              .secrets = o ? o->secrets : NULL};
    atomic_init(&p.next, 0);
    p.scans = mt_xcalloc(im->nlayers ? im->nlayers : 1, sizeof(layer_scan));
    walk_layers(&p, o ? o->threads : 0);

    /* secrets, layer by layer (the walk gives each layer's in file order) */
    for (size_t i = 0; i < im->nlayers; i++) {
        layer_scan *ls = &p.scans[i];
        out->secret_bytes += ls->secret_bytes;
        for (size_t k = 0; k < ls->secrets.len; k++) {
            const inv_secret *x = ls->secrets.items[k];
            inv_secret *y = mt_arena_alloc(a, sizeof(*y));
            *y = *x;
            y->path = mt_arena_strdup(a, x->path);
            y->secret = mt_arena_strndup(a, x->secret, x->secret_len);
            y->line_text = x->line_text ? mt_arena_strdup(a, x->line_text) : NULL;
            mt_vec_push(&out->secrets, y);
        }
    }
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
        /* any entry of this layer at a live file's path replaces it (the
         * layer's own analyzer files are put back just below) */
        size_t kept = 0;
        for (size_t k = 0; k < live.files.len; k++) {
            layer_file *lf = live.files.items[k];
            if (has_hash(ls, path_hash(lf->path)))
                changed = true;
            else
                live.files.items[kept++] = lf;
        }
        live.files.len = kept;
        for (size_t k = 0; k < ls->files.len; k++) {
            live_put(&live, ls->files.items[k]);
            changed = true;
        }
        if (!changed)
            continue;
        /* Which packages are installed once this layer is applied, and
         * since when (same version)? */
        mt_vec now = {0};
        collect_packages(NULL, &live, &now, NULL, NULL);
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
    }

    replay_notes(a, &p, im->nlayers, out);
    detect_os(a, &live, out);
    mt_vec errs = {0}, err_paths = {0};
    collect_packages(a, &live, &out->pkgs, &errs, &err_paths);
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
    mt_vec_free(&r->notes);
    mt_vec_free(&r->secrets);
}
