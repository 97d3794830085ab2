/* tree.c — secrets of files and directories (tree.h). */
#include "secret/tree.h"

#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <libfyaml.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/yaml.h"

#define CHUNK (1u << 20)
#define MAX_DEPTH 64
#define MAX_K8S_FILE (8u << 20)        /* manifests parsed for base64 data */
#define MAX_ARCHIVE_TOTAL (1ull << 30) /* bytes read out of one archive */
#define MAX_ARCHIVE_RATIO 200          /* uncompressed / compressed */
#define MAX_ARCHIVE_MEMBERS 100000

/* ---- findings ---- */

/* The gitleaks rule ID of a rule: by convention its first alias
 * (rules/secrets.yaml lists the gitleaks ID first). */
static const char *gitleaks_id(const mt_rule *r)
{
    return r->aliases[0] ? r->aliases[0] : r->id;
}

mt_finding *sec_add_finding(mt_report *rep, mt_result *res, const char *path, const sec_match *m,
                            bool show, const sec_origin *origin)
{
    mt_finding *f = mt_arena_alloc(&rep->arena, sizeof(*f));
    const mt_rule *r = &m->rule->meta;
    f->rule = r;
    f->severity = r->severity;
    char masked[SEC_MAX_SECRET + 1];
    if (show)
        snprintf(masked, sizeof(masked), "%s", m->secret);
    else
        sec_mask(m->secret, m->secret_len, masked, sizeof(masked));
    f->message = mt_arena_printf(&rep->arena, "%s: %s", r->title, masked);
    f->path = mt_arena_strdup(&rep->arena, path);
    f->start_line = m->line;
    f->end_line = m->end_line ? m->end_line : m->line;
    f->start_col = m->col;
    f->snippet = mt_arena_strndup(&rep->arena, m->secret, m->secret_len);
    if (origin && origin->commit) {
        mt_commit_ref *c = mt_arena_alloc(&rep->arena, sizeof(*c));
        c->id = mt_arena_strdup(&rep->arena, origin->commit);
        c->author = origin->author ? mt_arena_strdup(&rep->arena, origin->author) : NULL;
        c->email = origin->email ? mt_arena_strdup(&rep->arena, origin->email) : NULL;
        c->time = origin->time;
        f->commit = c;
        f->gitleaks_fingerprint =
            mt_arena_printf(&rep->arena, "%s:%s:%s:%d", origin->commit, path, gitleaks_id(r), m->line);
    } else {
        f->gitleaks_fingerprint = mt_arena_printf(&rep->arena, "%s:%s:%d", path, gitleaks_id(r), m->line);
    }
    if (m->line_text && (strstr(m->line_text, "gitleaks:allow") || strstr(m->line_text, "moat:allow"))) {
        f->suppressed = MT_SUPPRESS_INLINE;
        f->suppress_reason = mt_arena_strdup(&rep->arena, strstr(m->line_text, "gitleaks:allow")
                                                              ? "gitleaks:allow on the line"
                                                              : "moat:allow on the line");
    }
    mt_vec_push(&res->findings, f);
    return f;
}

/* ---- suppressions ---- */

void sec_apply_suppressions(mt_report *rep, const mt_vec *gitleaks_fps, const mt_scan_opts *so,
                            const mt_vec *baseline)
{
    for (size_t i = 0; i < rep->results.len; i++) {
        mt_result *res = rep->results.items[i];
        if (strcmp(res->class, "secret") != 0)
            continue;
        size_t w = 0;
        for (size_t k = 0; k < res->findings.len; k++) {
            mt_finding *f = res->findings.items[k];
            if (baseline && baseline->len) {
                char fp[17];
                mt_finding_fingerprint(f, fp);
                bool old = false;
                for (size_t b = 0; b < baseline->len && !old; b++)
                    old = !strcmp(baseline->items[b], fp);
                if (old)
                    continue; /* known before: not reported at all */
            }
            for (size_t g = 0; gitleaks_fps && g < gitleaks_fps->len && !f->suppressed; g++) {
                if (f->gitleaks_fingerprint && !strcmp(gitleaks_fps->items[g], f->gitleaks_fingerprint)) {
                    f->suppressed = MT_SUPPRESS_IGNOREFILE;
                    f->suppress_reason = mt_arena_strdup(&rep->arena, "listed in .gitleaksignore");
                }
            }
            for (size_t j = 0; so && j < so->ignores.len && !f->suppressed; j++) {
                const mt_ignore_entry *e = so->ignores.items[j];
                if (mt_ignore_entry_applies(e, f->rule, f->path, so->today)) {
                    f->suppressed = MT_SUPPRESS_IGNOREFILE;
                    /* as for every other finding: the reason, else where the entry is */
                    f->suppress_reason = mt_arena_strdup(&rep->arena, e->reason ? e->reason : e->origin);
                }
            }
            res->findings.items[w++] = f;
        }
        res->findings.len = w;
    }
}

/* ---- .gitignore ---- */

typedef struct ign_pat {
    char *pat;      /* glob, relative to base */
    char *base;     /* directory of the .gitignore, relative to the root ("" for the root) */
    bool negate, dir_only, anchored;
} ign_pat;

static void gitignore_load(mt_vec *pats, const char *dir, const char *rel)
{
    char path[PATH_MAX];
    snprintf(path, sizeof(path), "%s/.gitignore", dir);
    char *data = NULL;
    size_t len = 0;
    const char *e = NULL;
    if (mt_read_file(path, 1u << 20, &data, &len, &e) != 0)
        return;
    char *save = NULL;
    for (char *line = strtok_r(data, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        size_t n = strlen(line);
        while (n && (line[n - 1] == '\r' || line[n - 1] == ' '))
            line[--n] = '\0';
        if (!n || line[0] == '#')
            continue;
        ign_pat *p = mt_xcalloc(1, sizeof(*p));
        if (line[0] == '!') {
            p->negate = true;
            line++;
            n--;
        }
        if (n && line[n - 1] == '/') {
            p->dir_only = true;
            line[--n] = '\0';
        }
        if (!n) {
            free(p);
            continue;
        }
        p->anchored = strchr(line, '/') != NULL;
        if (line[0] == '/')
            line++;
        p->pat = mt_xstrdup(line);
        p->base = mt_xstrdup(rel);
        mt_vec_push(pats, p);
    }
    free(data);
}

/* Whether rel (relative to the root) is ignored: the last matching pattern
 * decides, as in git. */
static bool gitignored(const mt_vec *pats, const char *rel, bool is_dir)
{
    bool ignored = false;
    for (size_t i = 0; i < pats->len; i++) {
        const ign_pat *p = pats->items[i];
        if (p->dir_only && !is_dir)
            continue;
        const char *sub = rel;
        size_t bl = strlen(p->base);
        if (bl) {
            if (strncmp(rel, p->base, bl) != 0 || rel[bl] != '/')
                continue;
            sub = rel + bl + 1;
        }
        bool hit;
        if (p->anchored) {
            hit = mt_glob_match(p->pat, sub);
        } else {
            const char *slash = strrchr(sub, '/');
            hit = mt_glob_match(p->pat, slash ? slash + 1 : sub);
        }
        if (hit)
            ignored = !p->negate;
    }
    return ignored;
}

/* ---- walking ---- */

typedef struct job {
    char *path; /* as reported: the root as given joined with the relative path */
} job;

typedef struct walk_st {
    const sec_tree_opts *o;
    mt_report *rep;
    mt_vec jobs;   /* job* */
    mt_vec ign;    /* ign_pat* of the current root */
} walk_st;

static bool globs_match(const mt_vec *globs, const char *rel)
{
    for (size_t i = 0; globs && i < globs->len; i++) {
        const char *g = globs->items[i];
        if (mt_glob_match(g, rel))
            return true;
        const char *b = strrchr(rel, '/');
        if (!strchr(g, '/') && mt_glob_match(g, b ? b + 1 : rel))
            return true;
    }
    return false;
}

static int cmp_name(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static void walk(walk_st *w, const char *dir, const char *rel, int depth)
{
    if (depth > MAX_DEPTH) {
        mt_report_warn(w->rep, "%s: directories nested too deep; not descended", dir);
        return;
    }
    size_t ign_before = w->ign.len;
    if (w->o->respect_gitignore)
        gitignore_load(&w->ign, dir, rel);
    DIR *d = opendir(dir);
    if (!d) {
        mt_report_error_add(w->rep, dir, "%s", strerror(errno));
        goto out;
    }
    mt_vec names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        mt_vec_push(&names, mt_xstrdup(de->d_name));
    }
    closedir(d);
    if (names.len)
        qsort(names.items, names.len, sizeof(char *), cmp_name);
    for (size_t i = 0; i < names.len; i++) {
        const char *name = names.items[i];
        char path[PATH_MAX], sub[PATH_MAX];
        if ((size_t)snprintf(path, sizeof(path), "%s/%s", dir, name) >= sizeof(path) ||
            (size_t)snprintf(sub, sizeof(sub), "%s%s%s", rel, *rel ? "/" : "", name) >= sizeof(sub)) {
            mt_report_warn(w->rep, "%s/%s: path too long; skipped", dir, name);
            continue;
        }
        struct stat st;
        if (lstat(path, &st) != 0)
            continue;
        if (S_ISDIR(st.st_mode)) {
            if (!strcmp(name, ".git") || globs_match(w->o->skip_dirs, sub) ||
                (w->o->respect_gitignore && gitignored(&w->ign, sub, true)))
                continue;
            walk(w, path, sub, depth + 1);
        } else if (S_ISREG(st.st_mode)) {
            if (globs_match(w->o->skip_files, sub) ||
                (w->o->respect_gitignore && gitignored(&w->ign, sub, false)))
                continue;
            job *j = mt_xcalloc(1, sizeof(*j));
            j->path = mt_xstrdup(path);
            mt_vec_push(&w->jobs, j);
        }
    }
    for (size_t i = 0; i < names.len; i++)
        free(names.items[i]);
    mt_vec_free(&names);
out:
    for (size_t i = ign_before; i < w->ign.len; i++) {
        ign_pat *p = w->ign.items[i];
        free(p->pat);
        free(p->base);
        free(p);
    }
    w->ign.len = ign_before;
}

/* ---- scanning one file ---- */

typedef struct worker {
    mt_report rep;          /* this thread's findings */
    sec_scanner *sc;
    const sec_tree_opts *o;
    mt_result *res;         /* result of the file being scanned, created on the first match */
    const char *path;       /* its name in the report */
} worker;

static void on_match(void *ud, const sec_match *m)
{
    worker *wk = ud;
    if (!wk->res)
        wk->res = mt_report_add_result(&wk->rep, wk->path, "secret", "secret");
    sec_add_finding(&wk->rep, wk->res, wk->path, m, wk->o->show_secrets, NULL);
}

static bool is_archive_name(const char *p)
{
    static const char *const ext[] = {".zip", ".jar", ".war", ".ear", ".tar", ".tgz", ".tar.gz",
                                      ".tar.bz2", ".tbz2", ".tar.xz", ".txz", ".tar.zst", ".whl",
                                      ".apk", ".nupkg", ".gem"};
    for (size_t i = 0; i < MT_ARRAY_LEN(ext); i++)
        if (mt_endswith_ci(p, ext[i]))
            return true;
    return false;
}

/* Kubernetes Secret manifests: every value under `data:` is base64;
 * decode it and scan the decoded bytes, reporting at the value's line. */
static int b64val(int c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+' || c == '-')
        return 62;
    if (c == '/' || c == '_')
        return 63;
    return -1;
}

static size_t b64_decode(const char *s, size_t n, char *out)
{
    size_t o = 0;
    unsigned acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        int v = b64val((unsigned char)s[i]);
        if (v < 0)
            continue; /* padding, whitespace */
        acc = (acc << 6) | (unsigned)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (char)((acc >> bits) & 0xff);
        }
    }
    return o;
}

typedef struct k8s_ctx {
    worker *wk;
    int line;        /* line of the value in the manifest */
} k8s_ctx;

static void on_k8s_match(void *ud, const sec_match *m)
{
    k8s_ctx *k = ud;
    sec_match copy = *m;
    copy.line = copy.end_line = k->line;
    copy.col = 0;
    on_match(k->wk, &copy);
}

static void scan_k8s_secret(worker *wk, const char *data, size_t len)
{
    size_t at;
    if (mt_utf8_invalid_at(data, len) != len || mt_yaml_hazard(data, len, &at))
        return; /* what libfyaml cannot read safely: the text scan still covers it */
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET | FYPCF_DISABLE_ACCELERATORS};
    struct fy_parser *fyp = fy_parser_create(&cfg);
    if (!fyp)
        return;
    if (fy_parser_set_string(fyp, data, len) != 0) {
        fy_parser_destroy(fyp);
        return;
    }
    struct fy_document *doc;
    int docs = 0;
    while ((doc = fy_parse_load_document(fyp)) != NULL && docs++ < 10000) {
        struct fy_node *root = fy_document_root(doc);
        const char *kind = root && fy_node_is_mapping(root) ? fy_node_mapping_lookup_scalar0_by_simple_key(root, "kind", 4) : NULL;
        struct fy_node *dn = kind && !strcmp(kind, "Secret") ? fy_node_mapping_lookup_by_string(root, "data", 4) : NULL;
        if (dn && fy_node_is_mapping(dn)) {
            void *it = NULL;
            struct fy_node_pair *np;
            while ((np = fy_node_mapping_iterate(dn, &it)) != NULL) {
                struct fy_node *v = fy_node_pair_value(np);
                size_t vl = 0;
                const char *vs = v && fy_node_is_scalar(v) ? fy_node_get_scalar(v, &vl) : NULL;
                if (!vs || vl == 0 || vl > (16u << 20))
                    continue;
                char *dec = mt_xmalloc(vl);
                size_t dl = b64_decode(vs, vl, dec);
                struct fy_token *tk = fy_node_get_scalar_token(v);
                const struct fy_mark *mk = tk ? fy_token_start_mark(tk) : NULL;
                k8s_ctx k = {wk, mk ? mk->line + 1 : 0};
                if (!sec_looks_binary(dec, dl))
                    sec_scan_buffer(wk->sc, wk->path, dec, dl, on_k8s_match, &k);
                free(dec);
            }
        }
        fy_parse_document_destroy(fyp, doc);
    }
    fy_parser_destroy(fyp);
}

static bool maybe_k8s_secret(const char *p, const char *head, size_t n)
{
    if (!(mt_endswith_ci(p, ".yaml") || mt_endswith_ci(p, ".yml") || mt_endswith_ci(p, ".json")))
        return false;
    return memmem(head, n, "Secret", 6) != NULL && memmem(head, n, "data", 4) != NULL;
}

/* Members of an archive, each streamed under "ARCHIVE!MEMBER". */
static void scan_archive(worker *wk, const char *path, int64_t size)
{
    struct archive *a = archive_read_new();
    archive_read_support_format_zip(a);
    archive_read_support_format_tar(a);
    archive_read_support_format_gnutar(a);
    archive_read_support_filter_gzip(a);
    archive_read_support_filter_bzip2(a);
    archive_read_support_filter_xz(a);
    archive_read_support_filter_zstd(a);
    if (archive_read_open_filename(a, path, 1 << 16) != ARCHIVE_OK) {
        archive_read_free(a);
        return; /* not an archive after all: scanned as a file already */
    }
    uint64_t total = 0, limit = (uint64_t)(size > 0 ? size : 1) * MAX_ARCHIVE_RATIO;
    if (limit > MAX_ARCHIVE_TOTAL)
        limit = MAX_ARCHIVE_TOTAL;
    struct archive_entry *e;
    size_t members = 0;
    char *buf = mt_xmalloc(CHUNK);
    const char *outer = wk->path;
    while (archive_read_next_header(a, &e) == ARCHIVE_OK) {
        if (++members > MAX_ARCHIVE_MEMBERS) {
            mt_report_warn(&wk->rep, "%s: more than %d members; the rest is not scanned", outer,
                           MAX_ARCHIVE_MEMBERS);
            break;
        }
        if (archive_entry_filetype(e) != AE_IFREG)
            continue;
        const char *name = archive_entry_pathname(e);
        char *mpath = mt_arena_printf(&wk->rep.arena, "%s!%s", outer, name ? name : "?");
        wk->path = mpath;
        wk->res = NULL;
        bool first = true, begun = false;
        ssize_t n;
        while ((n = archive_read_data(a, buf, CHUNK)) > 0) {
            total += (uint64_t)n;
            if (total > limit) {
                mt_report_warn(&wk->rep, "%s: more than %llu bytes uncompressed (ratio or size bound); the "
                                         "rest is not scanned", outer, (unsigned long long)limit);
                break;
            }
            if (first) {
                first = false;
                if (sec_looks_binary(buf, (size_t)n))
                    break;
                sec_stream_begin(wk->sc, mpath);
                begun = true;
            }
            sec_stream_feed(wk->sc, buf, (size_t)n, on_match, wk);
        }
        if (begun)
            sec_stream_end(wk->sc, on_match, wk);
        if (total > limit)
            break;
    }
    free(buf);
    wk->path = outer;
    wk->res = NULL;
    archive_read_free(a);
}

static void scan_file(worker *wk, const char *path)
{
    wk->path = path;
    wk->res = NULL;
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW);
    if (fd < 0) {
        mt_report_error_add(&wk->rep, path, "%s", strerror(errno));
        return;
    }
    char head[4096];
    ssize_t hn = pread(fd, head, sizeof(head), 0);
    struct stat st;
    if (fstat(fd, &st) != 0)
        st.st_size = 0;
    int rc;
    errno = 0;
    if (hn > 0 && maybe_k8s_secret(path, head, (size_t)hn) && st.st_size <= (off_t)MAX_K8S_FILE) {
        /* read once: the decoded values and the text are scanned from the same bytes */
        char *data = mt_xmalloc((size_t)st.st_size + 1);
        ssize_t got = pread(fd, data, (size_t)st.st_size, 0);
        rc = got < 0 ? -1 : 0;
        if (got > 0) {
            scan_k8s_secret(wk, data, (size_t)got);
            if (!sec_looks_binary(data, (size_t)got))
                rc = sec_scan_buffer(wk->sc, path, data, (size_t)got, on_match, wk);
        }
        free(data);
    } else {
        rc = sec_scan_fd(wk->sc, path, fd, on_match, wk); /* binary files are skipped */
    }
    if (rc < 0)
        mt_report_error_add(&wk->rep, path, "%s", errno ? strerror(errno) : "secret engine error");
    close(fd);
    if (wk->o->scan_archives && is_archive_name(path)) {
        wk->res = NULL;
        scan_archive(wk, path, (int64_t)st.st_size);
    }
}

/* ---- driver ---- */

typedef struct pool {
    const sec_tree_opts *o;
    job **jobs;
    size_t njobs;
    worker *workers;
    int nworkers;
    pthread_mutex_t lock;
    size_t next, done;
} pool;

static void *run_worker(void *arg)
{
    void **a = arg;
    pool *p = a[0];
    worker *wk = a[1];
    for (;;) {
        pthread_mutex_lock(&p->lock);
        size_t i = p->next < p->njobs ? p->next++ : SIZE_MAX;
        pthread_mutex_unlock(&p->lock);
        if (i == SIZE_MAX)
            break;
        scan_file(wk, p->jobs[i]->path);
        if (p->o->progress) {
            pthread_mutex_lock(&p->lock);
            p->done++;
            p->o->progress(p->o->progress_ud, p->done, p->jobs[i]->path);
            pthread_mutex_unlock(&p->lock);
        }
    }
    return NULL;
}

void sec_tree_scan(const sec_tree_opts *o, const char *const *paths, size_t n, mt_report *rep)
{
    walk_st w = {o, rep, {0}, {0}};
    for (size_t i = 0; i < n; i++) {
        struct stat st;
        if (stat(paths[i], &st) != 0) {
            mt_report_error_add(rep, paths[i], "%s", strerror(errno));
            continue;
        }
        if (S_ISDIR(st.st_mode)) {
            size_t l = strlen(paths[i]);
            char root[PATH_MAX];
            snprintf(root, sizeof(root), "%.*s", (int)(l > 1 && paths[i][l - 1] == '/' ? l - 1 : l), paths[i]);
            walk(&w, root, "", 0);
        } else {
            job *j = mt_xcalloc(1, sizeof(*j));
            j->path = mt_xstrdup(paths[i]);
            mt_vec_push(&w.jobs, j);
        }
    }
    mt_vec_free(&w.ign);
    int nt = o->threads > 0 ? o->threads : (int)sysconf(_SC_NPROCESSORS_ONLN);
    if (nt < 1)
        nt = 1;
    if (nt > 16)
        nt = 16;
    if ((size_t)nt > w.jobs.len)
        nt = w.jobs.len ? (int)w.jobs.len : 1;
    pool p = {o, (job **)w.jobs.items, w.jobs.len, mt_xcalloc((size_t)nt, sizeof(worker)), nt,
              PTHREAD_MUTEX_INITIALIZER, 0, 0};
    pthread_t th[16];
    void *args[16][2];
    for (int t = 0; t < nt; t++) {
        worker *wk = &p.workers[t];
        mt_report_init(&wk->rep);
        wk->sc = sec_scanner_new(o->rules);
        wk->o = o;
        args[t][0] = &p;
        args[t][1] = wk;
        if (t > 0)
            pthread_create(&th[t], NULL, run_worker, args[t]);
    }
    run_worker(args[0]);
    for (int t = 1; t < nt; t++)
        pthread_join(th[t], NULL);
    for (int t = 0; t < nt; t++) {
        worker *wk = &p.workers[t];
        sec_scanner_free(wk->sc);
        mt_report *child = mt_xmalloc(sizeof(*child));
        *child = wk->rep;
        mt_report_merge(rep, child);
    }
    rep->files_scanned += p.njobs;
    free(p.workers);
    for (size_t i = 0; i < w.jobs.len; i++) {
        job *j = w.jobs.items[i];
        free(j->path);
        free(j);
    }
    mt_vec_free(&w.jobs);
    pthread_mutex_destroy(&p.lock);
}
