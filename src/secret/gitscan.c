/* gitscan.c — sec_git_walk() of gitscan.h over a libgit2 loaded at run time.
 *
 * <git2.h> gives only types and constants here: every libgit2 function is
 * called through the table `lg`, filled by dlsym() once (pthread_once) from
 * libgit2.so.1.5 (or a later 1.x, or the file named by $MOAT_LIBGIT2)
 * opened RTLD_LOCAL. Only opaque accessors are used (no libgit2 struct is
 * filled in by moat), which keeps the calls the same from 1.5 to 1.9.
 *
 * The history is walked here rather than by git_revwalk, which in libgit2
 * 1.5 fails on a shallow clone (the usual CI checkout) at the first
 * missing parent. The commits reachable from the starting points are
 * gathered first (IDs, commit times and parent links: no content); a
 * parent missing from a shallow repository ends the history there, as
 * git does, and one missing from a complete repository is an error. The
 * commits are then visited parents first, the oldest ready commit next
 * (Kahn's algorithm with a heap on commit time), so that the first commit
 * in which a blob is seen is the oldest one that has it.
 *
 * Each commit's tree is compared with its first parent's (an empty tree
 * for a root commit, or the first commit of a shallow history) by a
 * recursive comparison: a subtree or file whose object ID did not change
 * is skipped unread; a new or changed regular file gives its blob,
 * handled once per blob ID (a set of 20-byte IDs, never content).
 * Symbolic links (mode 120000) and gitlinks (submodules, 160000) are no
 * blobs to scan. Blobs are read raw from the object database (no filters,
 * no working tree); their size is read from the object header first, so
 * a blob over max_blob is never inflated.
 *
 * libgit2 is set up to read nothing outside the repository: no system,
 * XDG or global configuration. Repository ownership is not checked
 * (safe.directory): that check guards against running programs a
 * repository's configuration names, and nothing here runs any (no hooks,
 * filters, fsmonitor), while scanning a checkout owned by another user
 * (a CI workspace, a mounted volume) is an ordinary use. */
#include "secret/gitscan.h"

#include "core/util.h"

#include <git2.h>

#include <dlfcn.h>
#include <errno.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

enum {
    /* SHA-1: what libgit2 1.x reads, built without its experimental SHA-256 */
    GS_OID_LEN = 20,
    /* Nested directories followed (git 2.46 and later refuse over 2048) */
    GS_TREE_DEPTH_MAX = 512,
};
#define GS_DEFAULT_MAX_BLOB ((size_t)64 << 20)
#define GS_OBJECT_CACHE ((size_t)32 << 20) /* libgit2's cache of parsed objects */

/* ---- libgit2, loaded on first use ---- */

typedef struct {
    int (*libgit2_init)(void);
    int (*libgit2_version)(int *, int *, int *);
    int (*libgit2_opts)(int, ...);
    const git_error *(*error_last)(void);
    int (*repository_open_ext)(git_repository **, const char *, unsigned int, const char *);
    void (*repository_free)(git_repository *);
    int (*repository_odb)(git_odb **, git_repository *);
    void (*odb_free)(git_odb *);
    int (*odb_read_header)(size_t *, git_object_t *, git_odb *, const git_oid *);
    int (*odb_read)(git_odb_object **, git_odb *, const git_oid *);
    const void *(*odb_object_data)(git_odb_object *);
    size_t (*odb_object_size)(git_odb_object *);
    void (*odb_object_free)(git_odb_object *);
    int (*reference_iterator_new)(git_reference_iterator **, git_repository *);
    int (*reference_next)(git_reference **, git_reference_iterator *);
    void (*reference_iterator_free)(git_reference_iterator *);
    int (*reference_lookup)(git_reference **, git_repository *, const char *);
    int (*reference_peel)(git_object **, const git_reference *, git_object_t);
    void (*reference_free)(git_reference *);
    int (*revparse_single)(git_object **, git_repository *, const char *);
    int (*object_peel)(git_object **, const git_object *, git_object_t);
    const git_oid *(*object_id)(const git_object *);
    void (*object_free)(git_object *);
    int (*repository_is_shallow)(git_repository *);
    int (*commit_lookup)(git_commit **, git_repository *, const git_oid *);
    const git_signature *(*commit_author)(const git_commit *);
    git_time_t (*commit_time)(const git_commit *);
    int (*commit_tree)(git_tree **, const git_commit *);
    unsigned int (*commit_parentcount)(const git_commit *);
    const git_oid *(*commit_parent_id)(const git_commit *, unsigned int);
    void (*commit_free)(git_commit *);
    int (*tree_lookup)(git_tree **, git_repository *, const git_oid *);
    size_t (*tree_entrycount)(const git_tree *);
    const git_tree_entry *(*tree_entry_byindex)(const git_tree *, size_t);
    const git_tree_entry *(*tree_entry_byname)(const git_tree *, const char *);
    const char *(*tree_entry_name)(const git_tree_entry *);
    const git_oid *(*tree_entry_id)(const git_tree_entry *);
    git_filemode_t (*tree_entry_filemode)(const git_tree_entry *);
    git_object_t (*tree_entry_type)(const git_tree_entry *);
    void (*tree_free)(git_tree *);
} git_api;

static git_api lg;

static pthread_once_t lg_once = PTHREAD_ONCE_INIT;
static bool lg_ok;
static char lg_err[512];

#define LG_INSTALL "install libgit2-1.5 (apt-get install libgit2-1.5)"

static void lg_load(void)
{
    const char *env = getenv("MOAT_LIBGIT2");
    void *h = NULL;
    if (env && *env) {
        h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            const char *e = dlerror();
            snprintf(lg_err, sizeof(lg_err),
                     "cannot load %s (named by MOAT_LIBGIT2): %s; " LG_INSTALL, env,
                     e ? e : "unknown error");
            return;
        }
    } else {
        /* Debian's libgit2-1.5, else a later 1.x: the functions, option
         * numbers and structures used here are the same in 1.5 to 1.9. */
        static const char *const sonames[] = {"libgit2.so.1.5", "libgit2.so.1.6", "libgit2.so.1.7",
                                              "libgit2.so.1.8", "libgit2.so.1.9"};
        for (size_t i = 0; i < MT_ARRAY_LEN(sonames) && !h; i++)
            h = dlopen(sonames[i], RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            snprintf(lg_err, sizeof(lg_err), "libgit2 not found: " LG_INSTALL);
            return;
        }
    }
    static const struct {
        const char *name;
        size_t off;
    } syms[] = {
#define SYM(field) {"git_" #field, offsetof(git_api, field)}
        SYM(libgit2_init),
        SYM(libgit2_version),
        SYM(libgit2_opts),
        SYM(error_last),
        SYM(repository_open_ext),
        SYM(repository_free),
        SYM(repository_odb),
        SYM(odb_free),
        SYM(odb_read_header),
        SYM(odb_read),
        SYM(odb_object_data),
        SYM(odb_object_size),
        SYM(odb_object_free),
        SYM(reference_iterator_new),
        SYM(reference_next),
        SYM(reference_iterator_free),
        SYM(reference_lookup),
        SYM(reference_peel),
        SYM(reference_free),
        SYM(revparse_single),
        SYM(object_peel),
        SYM(object_id),
        SYM(object_free),
        SYM(repository_is_shallow),
        SYM(commit_lookup),
        SYM(commit_author),
        SYM(commit_time),
        SYM(commit_tree),
        SYM(commit_parentcount),
        SYM(commit_parent_id),
        SYM(commit_free),
        SYM(tree_lookup),
        SYM(tree_entrycount),
        SYM(tree_entry_byindex),
        SYM(tree_entry_byname),
        SYM(tree_entry_name),
        SYM(tree_entry_id),
        SYM(tree_entry_filemode),
        SYM(tree_entry_type),
        SYM(tree_free),
#undef SYM
    };
    const char *what = env && *env ? env : "libgit2";
    for (size_t i = 0; i < MT_ARRAY_LEN(syms); i++) {
        void *p = dlsym(h, syms[i].name);
        if (!p) {
            snprintf(lg_err, sizeof(lg_err), "%s lacks %s: " LG_INSTALL, what, syms[i].name);
            return; /* the handle stays open: harmless, and lg_ok stays false */
        }
        /* Every member is a function pointer of the same size as void *. */
        memcpy((char *)&lg + syms[i].off, &p, sizeof(p));
    }
    int major = 0, minor = 0, rev = 0;
    if (lg.libgit2_version(&major, &minor, &rev) != 0 || major != 1 || minor < 5) {
        snprintf(lg_err, sizeof(lg_err),
                 "%s is libgit2 %d.%d.%d, not 1.5 or a later 1.x: " LG_INSTALL, what, major, minor,
                 rev);
        return;
    }
    if (lg.libgit2_init() < 0) {
        const git_error *e = lg.error_last();
        snprintf(lg_err, sizeof(lg_err), "git_libgit2_init failed: %s",
                 e && e->message ? e->message : "unknown error");
        return;
    }
    /* Nothing from outside the repository: no system, XDG, global or
     * ProgramData configuration (an empty search path disables a level). */
    static const int levels[] = {GIT_CONFIG_LEVEL_PROGRAMDATA, GIT_CONFIG_LEVEL_SYSTEM,
                                 GIT_CONFIG_LEVEL_XDG, GIT_CONFIG_LEVEL_GLOBAL};
    for (size_t i = 0; i < MT_ARRAY_LEN(levels); i++) {
        if (lg.libgit2_opts(GIT_OPT_SET_SEARCH_PATH, levels[i], "") < 0) {
            const git_error *e = lg.error_last();
            snprintf(lg_err, sizeof(lg_err), "cannot configure libgit2: %s",
                     e && e->message ? e->message : "unknown error");
            return;
        }
    }
    /* Parsed commits and trees kept by libgit2: 32 MiB rather than 256
     * (a walk reads each tree about twice, as a commit's and as its
     * child's parent tree, so a small cache does nearly as well). */
    if (lg.libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, (ssize_t)GS_OBJECT_CACHE) < 0 ||
        lg.libgit2_opts(GIT_OPT_SET_OWNER_VALIDATION, 0) < 0) {
        const git_error *e = lg.error_last();
        snprintf(lg_err, sizeof(lg_err), "cannot configure libgit2: %s",
                 e && e->message ? e->message : "unknown error");
        return;
    }
    lg_ok = true;
}

/* ---- sets and maps keyed by object ID ---- */

/* Open addressing over 20-byte IDs, with a 32-bit value per key when vals
 * is used (the commit map) and none otherwise (the blobs seen). The slot
 * comes from the ID mixed with a per-process key: IDs are chosen by
 * whoever made the repository, and enough tries give many IDs with equal
 * low bits. The all-zero ID marks a free slot (it names no object; it is
 * kept aside when met). */
typedef struct {
    unsigned char *slots; /* cap * GS_OID_LEN */
    uint32_t *vals;       /* cap values, or NULL for a set */
    size_t cap, len;      /* cap: a power of two */
    bool with_vals, has_zero;
    uint32_t zero_val;
    uint64_t key;
} oid_map;

static uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= 0xbf58476d1ce4e5b9ULL;
    x ^= x >> 27;
    x *= 0x94d049bb133111ebULL;
    x ^= x >> 31;
    return x;
}

static void oid_map_init(oid_map *m, bool with_vals)
{
    memset(m, 0, sizeof(*m));
    m->with_vals = with_vals;
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    m->key = mix64((uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 32) ^ ((uint64_t)getpid() << 17) ^
                   (uint64_t)(uintptr_t)m);
}

static void oid_map_free(oid_map *m)
{
    free(m->slots);
    free(m->vals);
    memset(m, 0, sizeof(*m));
}

static size_t oid_slot(const oid_map *m, const unsigned char *id)
{
    uint64_t a, b;
    memcpy(&a, id, 8);
    memcpy(&b, id + 8, 8);
    return (size_t)mix64(a ^ m->key ^ mix64(b + m->key)) & (m->cap - 1);
}

static bool is_zero_oid(const unsigned char *id)
{
    for (size_t i = 0; i < GS_OID_LEN; i++)
        if (id[i])
            return false;
    return true;
}

/* The slot holding id, or the free slot where it would go. */
static size_t oid_find(const oid_map *m, const unsigned char *id)
{
    size_t i = oid_slot(m, id);
    for (;;) {
        const unsigned char *slot = m->slots + i * GS_OID_LEN;
        if (is_zero_oid(slot) || memcmp(slot, id, GS_OID_LEN) == 0)
            return i;
        i = (i + 1) & (m->cap - 1);
    }
}

/* The value of id (true), or false when absent. */
static bool oid_map_get(const oid_map *m, const unsigned char *id, uint32_t *val)
{
    if (is_zero_oid(id)) {
        if (m->has_zero && val)
            *val = m->zero_val;
        return m->has_zero;
    }
    if (!m->cap)
        return false;
    size_t i = oid_find(m, id);
    if (is_zero_oid(m->slots + i * GS_OID_LEN))
        return false;
    if (val && m->vals)
        *val = m->vals[i];
    return true;
}

/* Adds id with val; returns false (and changes nothing) when it was there. */
static bool oid_map_add(oid_map *m, const unsigned char *id, uint32_t val)
{
    if (is_zero_oid(id)) {
        if (m->has_zero)
            return false;
        m->has_zero = true;
        m->zero_val = val;
        return true;
    }
    if (m->cap && !is_zero_oid(m->slots + oid_find(m, id) * GS_OID_LEN))
        return false;
    if ((m->len + 1) * 10 > m->cap * 7) { /* load factor at most 0.7 */
        size_t ocap = m->cap, ncap = m->cap ? m->cap * 2 : 1024;
        unsigned char *oslots = m->slots;
        uint32_t *ovals = m->vals;
        m->slots = mt_xcalloc(ncap, GS_OID_LEN);
        m->vals = m->with_vals ? mt_xcalloc(ncap, sizeof(uint32_t)) : NULL;
        m->cap = ncap;
        for (size_t i = 0; i < ocap; i++) {
            if (is_zero_oid(oslots + i * GS_OID_LEN))
                continue;
            size_t j = oid_find(m, oslots + i * GS_OID_LEN);
            memcpy(m->slots + j * GS_OID_LEN, oslots + i * GS_OID_LEN, GS_OID_LEN);
            if (m->vals)
                m->vals[j] = ovals[i];
        }
        free(oslots);
        free(ovals);
    }
    size_t i = oid_find(m, id);
    memcpy(m->slots + i * GS_OID_LEN, id, GS_OID_LEN);
    if (m->vals)
        m->vals[i] = val;
    m->len++;
    return true;
}

/* ---- the walk ---- */

typedef struct {
    const char *repo_path;
    git_repository *repo;
    git_odb *odb;
    size_t max_blob;
    int (*cb)(void *ud, const sec_git_blob *b);
    void *ud;
    sec_git_stats *st;
    char *err;
    size_t errlen;
    oid_map seen;     /* blobs */
    mt_buf path;      /* directory of the tree being compared, with a trailing '/' */
    sec_git_blob cur; /* commit, author, email and time of the commit being compared */
    char commit_hex[2 * GS_OID_LEN + 1];
} walker;

static const char *lg_msg(void)
{
    const git_error *e = lg.error_last();
    return e && e->message && *e->message ? e->message : "unknown libgit2 error";
}

static void oid_hex(const git_oid *id, char out[2 * GS_OID_LEN + 1])
{
    static const char hex[] = "0123456789abcdef";
    for (size_t i = 0; i < GS_OID_LEN; i++) {
        out[2 * i] = hex[id->id[i] >> 4];
        out[2 * i + 1] = hex[id->id[i] & 15];
    }
    out[2 * GS_OID_LEN] = '\0';
}

/* What a tree entry is to the walk. */
typedef enum { ENT_OTHER, ENT_TREE, ENT_FILE } ent_kind;

static ent_kind entry_kind(const git_tree_entry *e)
{
    git_filemode_t mode = lg.tree_entry_filemode(e);
    git_object_t type = lg.tree_entry_type(e);
    if (type == GIT_OBJECT_TREE && ((unsigned)mode & 0170000u) == 0040000u)
        return ENT_TREE;
    /* Regular files, executable or not (libgit2 folds old 100664 modes in). */
    if (type == GIT_OBJECT_BLOB && ((unsigned)mode & 0170000u) == 0100000u)
        return ENT_FILE;
    return ENT_OTHER; /* symbolic links, gitlinks (submodules) */
}

/* Handles the blob of a new or changed regular file at path. Returns 0, 1
 * when the callback asked to stop, -1 with the error set. */
static int visit_blob(walker *w, const git_oid *id, const char *path)
{
    if (!oid_map_add(&w->seen, id->id, 0))
        return 0;
    size_t size = 0;
    git_object_t type = GIT_OBJECT_INVALID;
    char hex[2 * GS_OID_LEN + 1];
    if (lg.odb_read_header(&size, &type, w->odb, id) < 0) {
        oid_hex(id, hex);
        mt_seterr(w->err, w->errlen, "%s: commit %s: cannot read blob %s (%s): %s", w->repo_path,
               w->commit_hex, hex, path, lg_msg());
        return -1;
    }
    if (type != GIT_OBJECT_BLOB) {
        oid_hex(id, hex);
        mt_seterr(w->err, w->errlen,
               "%s: commit %s: %s is listed as a file but object %s is not a blob", w->repo_path,
               w->commit_hex, path, hex);
        return -1;
    }
    if (size > w->max_blob) {
        w->st->skipped_large++;
        return 0;
    }
    git_odb_object *obj = NULL;
    if (lg.odb_read(&obj, w->odb, id) < 0) {
        oid_hex(id, hex);
        mt_seterr(w->err, w->errlen, "%s: commit %s: cannot read blob %s (%s): %s", w->repo_path,
               w->commit_hex, hex, path, lg_msg());
        return -1;
    }
    sec_git_blob b = w->cur;
    b.path = path;
    b.data = lg.odb_object_data(obj);
    b.len = lg.odb_object_size(obj);
    if (!b.data)
        b.data = "";
    w->st->blobs++;
    int stop = w->cb(w->ud, &b);
    lg.odb_object_free(obj);
    return stop ? 1 : 0;
}

static int compare_trees(walker *w, const git_tree *nt, const git_tree *ot, int depth);

/* Compares the subtree of entry ne (its counterpart in the parent's tree
 * is oe, or NULL) under the directory name. */
static int visit_subtree(walker *w, const git_tree_entry *ne, const git_tree_entry *oe, int depth)
{
    const char *name = lg.tree_entry_name(ne);
    if (depth >= GS_TREE_DEPTH_MAX) {
        mt_seterr(w->err, w->errlen, "%s: commit %s: directories nested deeper than %d levels at %s%s",
               w->repo_path, w->commit_hex, GS_TREE_DEPTH_MAX, w->path.data, name);
        return -1;
    }
    git_tree *nsub = NULL, *osub = NULL;
    if (lg.tree_lookup(&nsub, w->repo, lg.tree_entry_id(ne)) < 0) {
        mt_seterr(w->err, w->errlen, "%s: commit %s: cannot read tree %s%s: %s", w->repo_path,
               w->commit_hex, w->path.data, name, lg_msg());
        return -1;
    }
    if (oe && entry_kind(oe) == ENT_TREE &&
        lg.tree_lookup(&osub, w->repo, lg.tree_entry_id(oe)) < 0) {
        mt_seterr(w->err, w->errlen, "%s: commit %s: cannot read the parent's tree %s%s: %s",
               w->repo_path, w->commit_hex, w->path.data, name, lg_msg());
        lg.tree_free(nsub);
        return -1;
    }
    size_t mark = w->path.len;
    mt_buf_puts(&w->path, name);
    mt_buf_putc(&w->path, '/');
    int rc = compare_trees(w, nsub, osub, depth + 1);
    w->path.len = mark;
    w->path.data[mark] = '\0';
    lg.tree_free(nsub);
    if (osub)
        lg.tree_free(osub);
    return rc;
}

/* Visits what nt adds or changes against ot (NULL: an empty tree). Returns
 * 0, 1 when stopped, -1 with the error set. */
static int compare_trees(walker *w, const git_tree *nt, const git_tree *ot, int depth)
{
    size_t n = lg.tree_entrycount(nt);
    for (size_t i = 0; i < n; i++) {
        const git_tree_entry *ne = lg.tree_entry_byindex(nt, i);
        if (!ne)
            continue;
        ent_kind kind = entry_kind(ne);
        if (kind == ENT_OTHER)
            continue;
        const char *name = lg.tree_entry_name(ne);
        const git_tree_entry *oe = ot ? lg.tree_entry_byname(ot, name) : NULL;
        if (oe && entry_kind(oe) == kind &&
            memcmp(lg.tree_entry_id(oe)->id, lg.tree_entry_id(ne)->id, GS_OID_LEN) == 0)
            continue; /* unchanged (a mode change alone adds no content) */
        int rc;
        if (kind == ENT_TREE) {
            rc = visit_subtree(w, ne, oe, depth);
        } else {
            size_t mark = w->path.len;
            mt_buf_puts(&w->path, name);
            rc = visit_blob(w, lg.tree_entry_id(ne), w->path.data);
            w->path.len = mark;
            w->path.data[mark] = '\0';
        }
        if (rc != 0)
            return rc;
    }
    return 0;
}

/* ---- the commit graph ---- */

#define GS_NONE UINT32_MAX
#define GS_MAX_COMMITS ((size_t)UINT32_MAX - 1)

typedef struct {
    unsigned char id[GS_OID_LEN];
    uint32_t first_parent; /* node index, or GS_NONE: a root, or a shallow history's end */
    int64_t time;          /* commit time: the order among commits ready together */
} gnode;

typedef struct {
    gnode *v;
    size_t n, cap;
    oid_map idx;     /* ID -> node index */
    uint32_t *edges; /* pairs child, parent */
    size_t nedges, edges_cap;
    uint32_t *stack; /* nodes whose parents are still to be looked at */
    size_t nstack, stack_cap;
    bool shallow;
} graph;

static void graph_free(graph *g)
{
    free(g->v);
    free(g->edges);
    free(g->stack);
    oid_map_free(&g->idx);
}

static void push_u32(uint32_t **a, size_t *n, size_t *cap, uint32_t x)
{
    if (*n == *cap) {
        *cap = *cap ? *cap * 2 : 256;
        *a = mt_xrealloc(*a, *cap * sizeof(uint32_t));
    }
    (*a)[(*n)++] = x;
}

/* Adds commit id as a node to look at; *out gets its index. Returns 0, 1
 * when the commit is not in the repository (nothing is set), -1 with the
 * error set. */
static int graph_add(walker *w, graph *g, const git_oid *id, uint32_t *out)
{
    if (oid_map_get(&g->idx, id->id, out))
        return 0;
    if (g->n >= GS_MAX_COMMITS) {
        mt_seterr(w->err, w->errlen, "%s: more than %zu commits", w->repo_path, GS_MAX_COMMITS);
        return -1;
    }
    git_commit *c = NULL;
    int rc = lg.commit_lookup(&c, w->repo, id);
    if (rc == GIT_ENOTFOUND)
        return 1;
    if (rc < 0) {
        char hex[2 * GS_OID_LEN + 1];
        oid_hex(id, hex);
        mt_seterr(w->err, w->errlen, "%s: cannot read commit %s: %s", w->repo_path, hex, lg_msg());
        return -1;
    }
    if (g->n == g->cap) {
        g->cap = g->cap ? g->cap * 2 : 256;
        g->v = mt_xrealloc(g->v, g->cap * sizeof(gnode));
    }
    gnode *nd = &g->v[g->n];
    memcpy(nd->id, id->id, GS_OID_LEN);
    nd->first_parent = GS_NONE;
    nd->time = (int64_t)lg.commit_time(c);
    lg.commit_free(c);
    *out = (uint32_t)g->n++;
    oid_map_add(&g->idx, id->id, *out);
    push_u32(&g->stack, &g->nstack, &g->stack_cap, *out);
    return 0;
}

/* Adds a starting commit (a ref's, or the one asked for). */
static int graph_start(walker *w, graph *g, const git_oid *id)
{
    uint32_t k;
    int rc = graph_add(w, g, id, &k);
    if (rc > 0) {
        char hex[2 * GS_OID_LEN + 1];
        oid_hex(id, hex);
        mt_seterr(w->err, w->errlen, "%s: commit %s is missing: %s", w->repo_path, hex, lg_msg());
        return -1;
    }
    return rc;
}

/* Links every node gathered so far to its parents, adding the parents,
 * until no node is left to look at. */
static int graph_close(walker *w, graph *g)
{
    while (g->nstack) {
        uint32_t k = g->stack[--g->nstack];
        git_commit *c = NULL;
        git_oid kid;
        memcpy(kid.id, g->v[k].id, GS_OID_LEN);
        if (lg.commit_lookup(&c, w->repo, &kid) < 0) {
            oid_hex(&kid, w->commit_hex);
            mt_seterr(w->err, w->errlen, "%s: cannot read commit %s: %s", w->repo_path, w->commit_hex,
                   lg_msg());
            return -1;
        }
        unsigned np = lg.commit_parentcount(c);
        for (unsigned i = 0; i < np; i++) {
            const git_oid *pid = lg.commit_parent_id(c, i);
            uint32_t p;
            int rc = pid ? graph_add(w, g, pid, &p) : 1;
            if (rc < 0) {
                lg.commit_free(c);
                return -1;
            }
            if (rc > 0) {
                if (g->shallow)
                    continue; /* the history of a shallow clone ends here */
                char phex[2 * GS_OID_LEN + 1] = "?";
                if (pid)
                    oid_hex(pid, phex);
                oid_hex(&kid, w->commit_hex);
                mt_seterr(w->err, w->errlen, "%s: commit %s: parent %s is missing: %s", w->repo_path,
                       w->commit_hex, phex, lg_msg());
                lg.commit_free(c);
                return -1;
            }
            if (i == 0)
                g->v[k].first_parent = p;
            push_u32(&g->edges, &g->nedges, &g->edges_cap, k);
            push_u32(&g->edges, &g->nedges, &g->edges_cap, p);
        }
        lg.commit_free(c);
    }
    return 0;
}

/* Min-heap of ready nodes: the oldest commit first, then the first found. */
static bool node_before(const graph *g, uint32_t a, uint32_t b)
{
    if (g->v[a].time != g->v[b].time)
        return g->v[a].time < g->v[b].time;
    return a < b;
}

static void heap_push(const graph *g, uint32_t *h, size_t *n, uint32_t x)
{
    size_t i = (*n)++;
    while (i > 0) {
        size_t up = (i - 1) / 2;
        if (!node_before(g, x, h[up]))
            break;
        h[i] = h[up];
        i = up;
    }
    h[i] = x;
}

static uint32_t heap_pop(const graph *g, uint32_t *h, size_t *n)
{
    uint32_t top = h[0], x = h[--*n];
    size_t i = 0;
    for (;;) {
        size_t l = 2 * i + 1, r = l + 1, m = i;
        uint32_t best = x;
        if (l < *n && node_before(g, h[l], best)) {
            m = l;
            best = h[l];
        }
        if (r < *n && node_before(g, h[r], best))
            m = r;
        if (m == i)
            break;
        h[i] = h[m];
        i = m;
    }
    if (*n)
        h[i] = x;
    return top;
}

/* ---- visiting commits ---- */

/* Visits the blobs commit k adds or changes against its first parent. */
static int visit_commit(walker *w, const graph *g, uint32_t k, int64_t since)
{
    git_commit *c = NULL, *parent = NULL;
    git_tree *tree = NULL, *ptree = NULL;
    git_oid id;
    memcpy(id.id, g->v[k].id, GS_OID_LEN);
    oid_hex(&id, w->commit_hex);
    if (lg.commit_lookup(&c, w->repo, &id) < 0) {
        mt_seterr(w->err, w->errlen, "%s: cannot read commit %s: %s", w->repo_path, w->commit_hex,
               lg_msg());
        return -1;
    }
    int rc = 0;
    const git_signature *a = lg.commit_author(c);
    int64_t when = a ? (int64_t)a->when.time : 0;
    if (since && when < since)
        goto out;
    w->st->commits++;
    w->cur.commit = w->commit_hex;
    w->cur.author = a && a->name ? a->name : "";
    w->cur.email = a && a->email ? a->email : "";
    w->cur.time = when;
    if (lg.commit_tree(&tree, c) < 0) {
        mt_seterr(w->err, w->errlen, "%s: cannot read the tree of commit %s: %s", w->repo_path,
               w->commit_hex, lg_msg());
        rc = -1;
        goto out;
    }
    if (g->v[k].first_parent != GS_NONE) {
        git_oid pid;
        memcpy(pid.id, g->v[g->v[k].first_parent].id, GS_OID_LEN);
        if (lg.commit_lookup(&parent, w->repo, &pid) < 0 || lg.commit_tree(&ptree, parent) < 0) {
            mt_seterr(w->err, w->errlen, "%s: cannot read the first parent of commit %s: %s",
                   w->repo_path, w->commit_hex, lg_msg());
            rc = -1;
            goto out;
        }
    }
    mt_buf_clear(&w->path);
    rc = compare_trees(w, tree, ptree, 0);
out:
    if (ptree)
        lg.tree_free(ptree);
    if (parent)
        lg.commit_free(parent);
    if (tree)
        lg.tree_free(tree);
    lg.commit_free(c);
    return rc;
}

/* Visits every commit of g, parents first, the oldest ready one next. */
static int visit_all(walker *w, const graph *g, int64_t since)
{
    size_t n = g->n, ne = g->nedges / 2;
    if (!n)
        return 0;
    /* Children of each node (compressed rows), and parents not yet visited. */
    uint32_t *pending = mt_xcalloc(n, sizeof(uint32_t));
    size_t *first = mt_xcalloc(n + 1, sizeof(size_t));
    uint32_t *children = mt_xmalloc((ne ? ne : 1) * sizeof(uint32_t));
    uint32_t *heap = mt_xmalloc(n * sizeof(uint32_t));
    for (size_t e = 0; e < ne; e++) {
        pending[g->edges[2 * e]]++;
        first[g->edges[2 * e + 1] + 1]++;
    }
    for (size_t i = 0; i < n; i++)
        first[i + 1] += first[i];
    size_t *fill = mt_xmalloc((n ? n : 1) * sizeof(size_t));
    memcpy(fill, first, n * sizeof(size_t));
    for (size_t e = 0; e < ne; e++)
        children[fill[g->edges[2 * e + 1]]++] = g->edges[2 * e];
    free(fill);

    size_t nheap = 0, visited = 0;
    for (size_t i = 0; i < n; i++)
        if (!pending[i])
            heap_push(g, heap, &nheap, (uint32_t)i);
    int rc = 0;
    while (nheap) {
        uint32_t k = heap_pop(g, heap, &nheap);
        visited++;
        rc = visit_commit(w, g, k, since);
        if (rc != 0)
            break;
        for (size_t j = first[k]; j < first[k + 1]; j++)
            if (--pending[children[j]] == 0)
                heap_push(g, heap, &nheap, children[j]);
    }
    if (rc == 0 && visited != n) {
        mt_seterr(w->err, w->errlen, "%s: the commit history has a cycle", w->repo_path);
        rc = -1;
    }
    free(pending);
    free(first);
    free(children);
    free(heap);
    return rc < 0 ? -1 : 0;
}

/* ---- where the walk starts ---- */

/* Adds the commit a reference leads to, if any: tags of trees or blobs
 * and dangling symbolic references have none and are passed over. */
static int start_ref(walker *w, graph *g, const git_reference *ref)
{
    git_object *obj = NULL;
    if (lg.reference_peel(&obj, ref, GIT_OBJECT_COMMIT) < 0)
        return 0;
    int rc = graph_start(w, g, lg.object_id(obj));
    lg.object_free(obj);
    return rc;
}

/* Every reference (branches, remote-tracking branches, tags, notes, the
 * stash) and HEAD, as `git log --all`; or the single revision spec. */
static int add_starts(walker *w, graph *g, const char *spec)
{
    if (spec) {
        git_object *obj = NULL, *commit = NULL;
        if (lg.revparse_single(&obj, w->repo, spec) < 0) {
            mt_seterr(w->err, w->errlen, "%s: unknown revision %s: %s", w->repo_path, spec, lg_msg());
            return -1;
        }
        int rc = lg.object_peel(&commit, obj, GIT_OBJECT_COMMIT);
        lg.object_free(obj);
        if (rc < 0) {
            mt_seterr(w->err, w->errlen, "%s: %s is not a commit: %s", w->repo_path, spec, lg_msg());
            return -1;
        }
        rc = graph_start(w, g, lg.object_id(commit));
        lg.object_free(commit);
        return rc;
    }
    git_reference *head = NULL;
    if (lg.reference_lookup(&head, w->repo, "HEAD") == 0) { /* a detached HEAD is no branch */
        int rc = start_ref(w, g, head);
        lg.reference_free(head);
        if (rc < 0)
            return -1;
    }
    git_reference_iterator *it = NULL;
    if (lg.reference_iterator_new(&it, w->repo) < 0) {
        mt_seterr(w->err, w->errlen, "%s: cannot list references: %s", w->repo_path, lg_msg());
        return -1;
    }
    int rc;
    git_reference *ref = NULL;
    while ((rc = lg.reference_next(&ref, it)) == 0) {
        int src = start_ref(w, g, ref);
        lg.reference_free(ref);
        if (src < 0) {
            lg.reference_iterator_free(it);
            return -1;
        }
    }
    lg.reference_iterator_free(it);
    if (rc != GIT_ITEROVER) {
        mt_seterr(w->err, w->errlen, "%s: cannot list references: %s", w->repo_path, lg_msg());
        return -1;
    }
    return 0;
}

/* Opens REPO itself or REPO/.git, never a parent directory. Opened as
 * bare, libgit2 has no working tree to look at; a bare open does not look
 * into REPO/.git by itself, hence the second try. */
static int open_repo(walker *w)
{
    const unsigned flags = GIT_REPOSITORY_OPEN_NO_SEARCH | GIT_REPOSITORY_OPEN_BARE;
    if (lg.repository_open_ext(&w->repo, w->repo_path, flags, NULL) == 0)
        return 0;
    w->repo = NULL;
    char first[512];
    snprintf(first, sizeof(first), "%s", lg_msg());
    mt_buf dotgit;
    mt_buf_init(&dotgit);
    mt_buf_printf(&dotgit, "%s/.git", w->repo_path);
    int rc = lg.repository_open_ext(&w->repo, dotgit.data, flags, NULL);
    mt_buf_free(&dotgit);
    if (rc == 0)
        return 0;
    w->repo = NULL;
    mt_seterr(w->err, w->errlen, "%s: not a git repository (its root or its .git directory): %s",
           w->repo_path, first);
    return -1;
}

int sec_git_walk(const char *repo, const sec_git_opts *o,
                 int (*cb)(void *ud, const sec_git_blob *b), void *ud, sec_git_stats *st, char *err,
                 size_t errlen)
{
    sec_git_stats local_st;
    if (!st)
        st = &local_st;
    memset(st, 0, sizeof(*st));
    if (err && errlen)
        err[0] = '\0';
    if (!repo || !*repo || !cb) {
        mt_seterr(err, errlen, "no git repository given");
        return -1;
    }
    pthread_once(&lg_once, lg_load);
    if (!lg_ok) {
        mt_seterr(err, errlen, "%s", lg_err);
        return -1;
    }

    walker w = {0};
    w.repo_path = repo;
    w.max_blob = o && o->max_blob ? o->max_blob : GS_DEFAULT_MAX_BLOB;
    w.cb = cb;
    w.ud = ud;
    w.st = st;
    w.err = err;
    w.errlen = errlen;
    oid_map_init(&w.seen, false);
    mt_buf_init(&w.path);
    mt_buf_reserve(&w.path, 256); /* path.data is never NULL */
    mt_buf_clear(&w.path);
    graph g = {0};
    oid_map_init(&g.idx, true);

    int rc = -1;
    if (open_repo(&w) < 0)
        goto out;
    g.shallow = lg.repository_is_shallow(w.repo) == 1;
    if (lg.repository_odb(&w.odb, w.repo) < 0) {
        mt_seterr(err, errlen, "%s: cannot open the object database: %s", repo, lg_msg());
        w.odb = NULL;
        goto out;
    }
    if (add_starts(&w, &g, o && o->branch && *o->branch ? o->branch : NULL) < 0 ||
        graph_close(&w, &g) < 0)
        goto out;
    free(g.stack); /* only the nodes and links are needed from here */
    g.stack = NULL;
    oid_map_free(&g.idx);
    rc = visit_all(&w, &g, o ? o->since : 0);
out:
    if (w.odb)
        lg.odb_free(w.odb);
    if (w.repo)
        lg.repository_free(w.repo);
    graph_free(&g);
    oid_map_free(&w.seen);
    mt_buf_free(&w.path);
    return rc;
}
