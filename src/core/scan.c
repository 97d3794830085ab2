/* scan.c — see scan.h. */
#include "core/scan.h"

#include "core/config.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <time.h>
#include <unistd.h>

extern const mt_analyzer mt_dockerfile_analyzer;
extern const mt_analyzer mt_compose_analyzer;
extern const mt_analyzer mt_image_audit_analyzer;
extern const mt_analyzer mt_secret_analyzer;
extern const mt_analyzer mt_k8s_analyzer;
extern const mt_analyzer mt_shell_analyzer;
extern const mt_analyzer mt_workload_rules;

static const mt_analyzer *const analyzers[] = {
    &mt_dockerfile_analyzer,
    &mt_compose_analyzer,
    &mt_image_audit_analyzer, /* rules only: images are scanned by cmd_image */
    &mt_secret_analyzer,      /* rules only: secrets are scanned by src/secret */
    &mt_k8s_analyzer,
    &mt_shell_analyzer,       /* docker/podman run commands in shell scripts */
    &mt_workload_rules,       /* rules only: shared by kubernetes, compose and shell */
};

size_t mt_analyzer_nrules(const mt_analyzer *a)
{
    return a->rule_count ? a->rule_count() : a->nrules;
}

const mt_analyzer *const *mt_analyzers(size_t *n)
{
    *n = MT_ARRAY_LEN(analyzers);
    return analyzers;
}

const mt_analyzer *mt_analyzer_by_type(const char *type)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
        /* only analyzers of files (an image audit has no scan function) */
        if (analyzers[i]->scan && strcasecmp(analyzers[i]->type, type) == 0)
            return analyzers[i];
    }
    return NULL;
}

const mt_rule *mt_rule_lookup(const char *name)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
        for (size_t j = 0; j < mt_analyzer_nrules(analyzers[i]); j++) {
            const mt_rule *r = analyzers[i]->rule_at(j);
            if (mt_rule_matches(r, name))
                return r;
        }
    }
    return NULL;
}

/* ---- options ---- */

#define DEFAULT_MAX_FILE_SIZE (8u * 1024u * 1024u)

void mt_scan_opts_init(mt_scan_opts *o)
{
    memset(o, 0, sizeof(*o));
    o->use_hadolint_config = true;
    o->max_file_size = DEFAULT_MAX_FILE_SIZE;
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    o->today = (tm.tm_year + 1900) * 10000 + (tm.tm_mon + 1) * 100 + tm.tm_mday;
    o->pss_minor = 1000; /* PSS_LATEST (k8s/pss.h) */
}

static void free_strings(mt_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    mt_vec_free(v);
}

void mt_file_settings_free(mt_file_settings *s)
{
    for (size_t i = 0; i < s->rules.len; i++) {
        mt_rule_setting *rs = s->rules.items[i];
        free(rs->id);
        free(rs);
    }
    mt_vec_free(&s->rules);
    free_strings(&s->ignored);
    free_strings(&s->trusted_registries);
    for (size_t i = 0; i < s->label_schema.len; i++) {
        mt_label_rule *l = s->label_schema.items[i];
        free(l->name);
        free(l->kind);
        free(l);
    }
    mt_vec_free(&s->label_schema);
}

void mt_scan_opts_free(mt_scan_opts *o)
{
    free_strings(&o->skip_dirs);
    free_strings(&o->skip_files);
    for (size_t i = 0; i < o->ignores.len; i++) {
        mt_ignore_entry *e = o->ignores.items[i];
        free(e->id);
        free(e->glob);
        free(e->reason);
        free(e->origin);
        free(e);
    }
    mt_vec_free(&o->ignores);
    mt_file_settings_free(&o->base);
}

/* ---- rule settings ---- */

static const mt_rule_setting *find_setting(const mt_file_settings *s, const mt_rule *rule,
                                           bool want_severity)
{
    for (size_t i = s->rules.len; i-- > 0;) {
        const mt_rule_setting *rs = s->rules.items[i];
        if (want_severity ? !rs->has_severity : rs->enabled < 0)
            continue;
        if (mt_rule_matches(rule, rs->id))
            return rs;
    }
    return NULL;
}

bool mt_rule_enabled(const mt_scan_file *f, const mt_rule *rule)
{
    if (!f->settings->rules.len) /* the common case: no per-rule settings at all */
        return !rule->off_by_default;
    const mt_rule_setting *rs = find_setting(f->settings, rule, false);
    if (rs)
        return rs->enabled > 0;
    return !rule->off_by_default;
}

mt_finding *mt_emit_msg(mt_scan_file *f, const mt_rule *rule, int start_line, int end_line,
                        int start_col, const char *snippet, const char *msg)
{
    if (!mt_rule_enabled(f, rule))
        return NULL;
    mt_arena *a = &f->report->arena;
    mt_finding *fd = mt_arena_alloc(a, sizeof(*fd));
    fd->rule = rule;
    const mt_rule_setting *rs =
        f->settings->rules.len ? find_setting(f->settings, rule, true) : NULL;
    fd->severity = rs ? rs->severity : rule->severity;
    fd->message = mt_arena_strdup(a, msg);
    fd->path = f->result->target;
    fd->start_line = start_line;
    fd->end_line = end_line >= start_line ? end_line : start_line;
    fd->start_col = start_col;
    if (snippet) {
        /* Keep one line, bounded, for fingerprints and the table. */
        size_t len = strcspn(snippet, "\n");
        if (len > 240)
            len = 240;
        fd->snippet = mt_arena_strndup(a, snippet, len);
    }
    mt_vec_push(&f->result->findings, fd);
    return fd;
}

const char *mt_scan_line(mt_scan_file *f, int line, bool cr_breaks, char *buf, size_t n)
{
    if (!f->data || line <= 0 || n == 0)
        return NULL;
    const char *d = f->data, *end = f->data + f->len;
    if (!f->line_starts) {
        size_t cap = 256;
        f->line_starts = mt_xmalloc(cap * sizeof(size_t));
        f->line_starts[0] = 0;
        f->nlines = 1;
        for (const char *p = d; p < end; p++) {
            if (*p == '\n' || (cr_breaks && *p == '\r' && (p + 1 == end || p[1] != '\n'))) {
                if (f->nlines == cap) {
                    cap *= 2;
                    f->line_starts = mt_xrealloc(f->line_starts, cap * sizeof(size_t));
                }
                f->line_starts[f->nlines++] = (size_t)(p + 1 - d);
            }
        }
    }
    if ((size_t)line > f->nlines)
        return NULL;
    const char *p = d + f->line_starts[line - 1], *q = p;
    while (q < end && *q != '\n' && *q != '\r')
        q++;
    size_t len = (size_t)(q - p);
    if (len >= n) {
        len = n - 1;
        while (len > 0 && ((unsigned char)p[len] & 0xC0) == 0x80)
            len--; /* do not cut a character in two */
    }
    memcpy(buf, p, len);
    buf[len] = '\0';
    return buf;
}

mt_finding *mt_emit(mt_scan_file *f, const mt_rule *rule, int start_line, int end_line,
                    int start_col, const char *snippet, const char *fmt, ...)
{
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    return mt_emit_msg(f, rule, start_line, end_line, start_col, snippet, msg);
}

void mt_inline_ignore_add(mt_scan_file *f, int first_line, int last_line, const char *ids,
                          size_t ids_len, const char *reason)
{
    mt_arena *a = &f->report->arena;
    mt_inline_ignore *ig = mt_arena_alloc(a, sizeof(*ig));
    ig->first_line = first_line;
    ig->last_line = last_line;
    size_t count = 0, cap = 4;
    ig->ids = mt_arena_alloc(a, (cap + 1) * sizeof(char *));
    size_t i = 0;
    while (i < ids_len) {
        while (i < ids_len && (ids[i] == ',' || ids[i] == ' ' || ids[i] == '\t'))
            i++;
        size_t start = i;
        while (i < ids_len && ids[i] != ',' && ids[i] != ' ' && ids[i] != '\t')
            i++;
        if (i == start)
            break;
        if (count == cap) {
            char **grown = mt_arena_alloc(a, (cap * 2 + 1) * sizeof(char *));
            memcpy(grown, ig->ids, cap * sizeof(char *));
            ig->ids = grown;
            cap *= 2;
        }
        ig->ids[count++] = mt_arena_strndup(a, ids + start, i - start);
    }
    ig->ids[count] = NULL;
    ig->reason = reason && *reason ? mt_arena_strdup(a, reason) : NULL;
    mt_vec_push(&f->inline_ignores, ig);
}

/* ---- suppression ---- */

static bool ignore_path_matches(const char *glob, const char *path)
{
    if (!glob)
        return true;
    const char *p = path;
    while (p[0] == '.' && p[1] == '/')
        p += 2;
    if (mt_glob_match(glob, p))
        return true;
    /* A bare name pattern matches that file in any folder. */
    if (!strchr(glob, '/') && mt_glob_match(glob, mt_basename(p)))
        return true;
    return false;
}

bool mt_ignore_entry_applies(const mt_ignore_entry *e, const mt_rule *rule, const char *path,
                             int today)
{
    if (e->expires && today > e->expires)
        return false;
    return mt_rule_matches(rule, e->id) && (!e->glob || !*e->glob || ignore_path_matches(e->glob, path));
}

static void apply_suppressions(const mt_scan_opts *o, mt_scan_file *f)
{
    mt_arena *a = &f->report->arena;
    for (size_t i = 0; i < f->result->findings.len; i++) {
        mt_finding *fd = f->result->findings.items[i];
        for (size_t j = 0; j < f->inline_ignores.len && !fd->suppressed; j++) {
            const mt_inline_ignore *ig = f->inline_ignores.items[j];
            if (fd->start_line < ig->first_line || fd->start_line > ig->last_line)
                continue;
            for (char **id = ig->ids; *id; id++) {
                if (mt_rule_matches(fd->rule, *id)) {
                    fd->suppressed = MT_SUPPRESS_INLINE;
                    fd->suppress_reason = ig->reason;
                    break;
                }
            }
        }
        for (size_t j = 0; j < f->settings->ignored.len && !fd->suppressed; j++) {
            if (mt_rule_matches(fd->rule, f->settings->ignored.items[j])) {
                fd->suppressed = MT_SUPPRESS_HADOLINT;
                fd->suppress_reason = "ignored in .hadolint.yaml";
            }
        }
        for (size_t j = 0; j < o->ignores.len && !fd->suppressed; j++) {
            const mt_ignore_entry *e = o->ignores.items[j];
            if (!mt_ignore_entry_applies(e, fd->rule, fd->path, o->today))
                continue;
            fd->suppressed = MT_SUPPRESS_IGNOREFILE;
            fd->suppress_reason =
                e->reason ? mt_arena_strdup(a, e->reason) : mt_arena_strdup(a, e->origin);
        }
    }
}

/* ---- per-file settings (.hadolint.yaml discovery) ---- */

typedef struct hl_cache_entry {
    char *dir;
    mt_file_settings *settings;    /* owned; NULL when this dir has none */
    struct hl_cache_entry *parent; /* where to look when settings is NULL */
} hl_cache_entry;

/* A file picked by the walk, waiting for an analyzer. */
typedef struct scan_job {
    char *path;
    bool explicit_target;
    const mt_file_settings *extra; /* .hadolint.yaml settings, or NULL */
    /* for ordered delivery (result_next): */
    mt_result *res;  /* the file's result, NULL when it has none */
    struct deferred_file *deferred; /* the file waits for its input set, else NULL */
    atomic_bool finished; /* res is set and final (a result that waits for its
                             input set is final after set_finish) */
} scan_job;

#define MAX_WORKERS 16
/* Files a worker scans on the CPU it was placed on (start_workers), and
 * files the calling thread queues on it while it walks. */
#define PLACED_JOBS 512
#define WALK_PLACED_JOBS 4096
/* Worker threads start once this many files are queued. */
#define WORKERS_AFTER 32

struct scan_state;
typedef struct worker {
    pthread_t tid;
    struct scan_state *st;
    mt_report *report; /* the worker's own; merged when every job is done */
    bool placed;       /* on one CPU for its first PLACED_JOBS files (start_workers) */
} worker;

/* A file of an input-set analyzer: kept until its set is finished. */
typedef struct deferred_file {
    mt_scan_file f;
    mt_file_settings merged;
    bool closed;
} deferred_file;

typedef struct scan_state {
    const mt_scan_opts *opts;
    worker ws[MAX_WORKERS];
    int nworkers, started;
    cpu_set_t allowed;           /* the CPUs this process may use */
    atomic_size_t done;          /* jobs finished, for progress */
    pthread_mutex_t progress_lock; /* serialises the progress callback */
    mt_report *report;
    void *sets[MT_ARRAY_LEN(analyzers)]; /* set_new() results, made on first use */
    mt_vec deferred;                       /* deferred_file* */
    pthread_mutex_t lock;                  /* guards sets and deferred */
    mt_vec hl_cache;     /* hl_cache_entry*, owned */
    mt_strmap hl_by_dir; /* absolute directory -> hl_cache_entry* */
    mt_strmap hl_given;  /* directory as given -> mt_file_settings* (may be NULL) */
    /* The job queue: the walk (on the calling thread) appends, workers take
     * from `next` on, so files are scanned while the walk goes on. */
    mt_vec jobs;         /* scan_job*, guarded by queue_lock */
    size_t next;         /* the first job no worker has taken */
    bool walk_done;      /* no more jobs will come */
    pthread_mutex_t queue_lock;
    pthread_cond_t queue_more; /* a job was added, or the walk ended */
    /* Ordered delivery: results go to opts->result_next in job order, which
     * is then the report's order (see mt_scan_paths_ordered). */
    bool ordered;
    atomic_size_t delivered;   /* jobs handed on so far; advanced under deliver_lock */
    pthread_mutex_t deliver_lock; /* held by the one thread handing results on */
} scan_state;

/* Loads one .hadolint.yaml; NULL (and a warning) when it is invalid. */
static mt_file_settings *read_hadolint(scan_state *st, const char *path)
{
    mt_file_settings *s = mt_xcalloc(1, sizeof(*s));
    char *err = NULL;
    if (mt_hadolint_load(path, s, &err) == 0)
        return s;
    mt_report_warn(st->report, "%s (ignored)", err);
    free(err);
    mt_file_settings_free(s);
    free(s);
    return NULL;
}

static hl_cache_entry *hadolint_for_dir(scan_state *st, const char *dir, int depth)
{
    bool found;
    hl_cache_entry *e = mt_strmap_get(&st->hl_by_dir, dir, &found);
    if (found)
        return e;
    e = mt_xcalloc(1, sizeof(*e));
    e->dir = mt_xstrdup(dir);
    mt_vec_push(&st->hl_cache, e);
    mt_strmap_put(&st->hl_by_dir, dir, e);
    static const char *const names[] = {".hadolint.yaml", ".hadolint.yml"};
    for (size_t i = 0; i < MT_ARRAY_LEN(names); i++) {
        char path[PATH_MAX];
        if (snprintf(path, sizeof(path), "%s/%s", strcmp(dir, "/") ? dir : "", names[i]) >=
            (int)sizeof(path))
            continue;
        struct stat sb;
        if (stat(path, &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        e->settings = read_hadolint(st, path);
        return e;
    }
    /* Not here: inherit from the parent directory. */
    if (strcmp(dir, "/") != 0 && depth < 128) {
        char parent[PATH_MAX];
        mt_dirname(dir, parent, sizeof(parent));
        e->parent = hadolint_for_dir(st, parent, depth + 1);
    }
    return e;
}

/* Makes dir absolute and removes "." and ".." components as written
 * (lexically, like a shell's cd: the parents of a directory are the ones
 * in its path, which also saves resolving every link). */
static bool absolute_dir(const char *dir, char *out, size_t n)
{
    char tmp[PATH_MAX];
    if (dir[0] == '/') {
        if (snprintf(tmp, sizeof(tmp), "%s", dir) >= (int)sizeof(tmp))
            return false;
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof(cwd)) ||
            snprintf(tmp, sizeof(tmp), "%s/%s", cwd, dir) >= (int)sizeof(tmp))
            return false;
    }
    size_t len = 0;
    out[0] = '\0';
    for (char *save = NULL, *c = strtok_r(tmp, "/", &save); c; c = strtok_r(NULL, "/", &save)) {
        if (strcmp(c, ".") == 0)
            continue;
        if (strcmp(c, "..") == 0) {
            while (len > 0 && out[len - 1] != '/')
                len--;
            if (len > 0)
                len--; /* the slash */
            out[len] = '\0';
            continue;
        }
        size_t cl = strlen(c);
        if (len + 1 + cl + 1 > n)
            return false;
        out[len++] = '/';
        memcpy(out + len, c, cl + 1);
        len += cl;
    }
    if (len == 0) {
        if (n < 2)
            return false;
        out[0] = '/';
        out[1] = '\0';
    }
    return true;
}

/* .hadolint.yaml settings that apply to files in `dir` (as given). */
static const mt_file_settings *hadolint_settings(scan_state *st, const char *dir)
{
    if (!st->opts->use_hadolint_config)
        return NULL;
    bool found;
    const mt_file_settings *s = mt_strmap_get(&st->hl_given, dir, &found);
    if (found)
        return s;
    char abs[PATH_MAX];
    hl_cache_entry *e = absolute_dir(dir, abs, sizeof(abs)) ? hadolint_for_dir(st, abs, 0) : NULL;
    while (e && !e->settings)
        e = e->parent;
    s = e ? e->settings : NULL;
    mt_strmap_put(&st->hl_given, dir, (void *)s);
    return s;
}

static void hl_cache_free(scan_state *st)
{
    for (size_t i = 0; i < st->hl_cache.len; i++) {
        hl_cache_entry *e = st->hl_cache.items[i];
        if (e->settings) {
            mt_file_settings_free(e->settings);
            free(e->settings);
        }
        free(e->dir);
        free(e);
    }
    mt_vec_free(&st->hl_cache);
    mt_strmap_free(&st->hl_by_dir);
    mt_strmap_free(&st->hl_given);
}

/* Merges base settings with a file's .hadolint.yaml (borrowed pointers). */
static void merge_settings(mt_file_settings *out, const mt_file_settings *base,
                           const mt_file_settings *extra)
{
    memset(out, 0, sizeof(*out));
    const mt_file_settings *srcs[2] = {extra, base}; /* command line wins: added last */
    for (int k = 0; k < 2; k++) {
        const mt_file_settings *s = srcs[k];
        if (!s)
            continue;
        for (size_t i = 0; i < s->rules.len; i++)
            mt_vec_push(&out->rules, s->rules.items[i]);
        for (size_t i = 0; i < s->ignored.len; i++)
            mt_vec_push(&out->ignored, s->ignored.items[i]);
        for (size_t i = 0; i < s->trusted_registries.len; i++)
            mt_vec_push(&out->trusted_registries, s->trusted_registries.items[i]);
        for (size_t i = 0; i < s->label_schema.len; i++)
            mt_vec_push(&out->label_schema, s->label_schema.items[i]);
        out->strict_labels |= s->strict_labels;
        out->disable_ignore_pragma |= s->disable_ignore_pragma;
        if (s->fail_threshold)
            out->fail_threshold = s->fail_threshold;
    }
}

static void free_merged(mt_file_settings *s)
{
    mt_vec_free(&s->rules);
    mt_vec_free(&s->ignored);
    mt_vec_free(&s->trusted_registries);
    mt_vec_free(&s->label_schema);
}

static size_t analyzer_index(const mt_analyzer *an)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
        if (analyzers[i] == an)
            return i;
    }
    return 0;
}

/* Opens one scanned file: its merged settings and its result in the report. */
static void file_open(mt_scan_file *f, mt_file_settings *merged, const mt_scan_opts *o,
                      mt_report *report, const char *path, const char *class, const char *type,
                      const mt_file_settings *extra)
{
    merge_settings(merged, &o->base, extra);
    f->opts = o;
    f->report = report;
    f->result = mt_report_add_result(report, path, class, type);
    f->result->fail_threshold = merged->fail_threshold;
    f->settings = merged;
    f->path = f->result->target;
    f->today = o->today;
}

/* Closes a scanned file: applies its suppressions, frees its settings,
 * and hands the final result to the result_ready hook. */
static void file_close(const mt_scan_opts *o, mt_scan_file *f, mt_file_settings *merged)
{
    apply_suppressions(o, f);
    mt_vec_free(&f->inline_ignores);
    free_merged(merged);
    if (o->result_ready)
        o->result_ready(o->result_ready_ud, f->result);
}

/* Returns the file's result; *deferred is set to the file's record when the
 * result waits for its input set (finish_sets closes it), else to NULL. */
static mt_result *run_analyzer(scan_state *st, mt_report *report, const mt_analyzer *an,
                               const char *path, const char *data, size_t len,
                               const mt_file_settings *extra, deferred_file **deferred)
{
    const mt_scan_opts *o = st->opts;
    deferred_file *df = an->set_new ? mt_xcalloc(1, sizeof(*df)) : NULL;
    mt_file_settings local;
    mt_file_settings *merged = df ? &df->merged : &local;
    mt_scan_file local_f = {0};
    mt_scan_file *f = df ? &df->f : &local_f;
    file_open(f, merged, o, report, path, an->class, an->type, extra);
    f->data = data;
    f->len = len;
    if (df) {
        size_t k = analyzer_index(an);
        pthread_mutex_lock(&st->lock);
        if (!st->sets[k])
            st->sets[k] = an->set_new(o);
        f->set = st->sets[k];
        mt_vec_push(&st->deferred, df);
        pthread_mutex_unlock(&st->lock);
    }
    an->scan(f);
    f->data = NULL; /* the text is freed after scan(); set_finish() must not read it */
    f->len = 0;
    free(f->line_starts);
    f->line_starts = NULL;
    f->nlines = 0;
    if (!df)
        file_close(o, f, merged);
    report->files_scanned++;
    *deferred = df;
    return f->result;
}

static void deliver_ready(scan_state *st);

/* Finishes every input set, then applies the suppressions of their files
 * (file_close). With ordered delivery the files are closed in job order and
 * each result is handed on at once, so one rendering at a time waits, not
 * every file's. */
static void finish_sets(scan_state *st)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
        if (st->sets[i]) {
            analyzers[i]->set_finish(st->sets[i]);
            analyzers[i]->set_free(st->sets[i]);
            st->sets[i] = NULL;
        }
    }
    if (st->ordered) {
        pthread_mutex_lock(&st->deliver_lock);
        for (size_t i = atomic_load(&st->delivered); i < st->jobs.len; i++) {
            scan_job *j = st->jobs.items[i];
            if (j->deferred) {
                file_close(st->opts, &j->deferred->f, &j->deferred->merged);
                j->deferred->closed = true;
            }
            atomic_store(&j->finished, true);
            deliver_ready(st);
        }
        pthread_mutex_unlock(&st->deliver_lock);
    }
    for (size_t i = 0; i < st->deferred.len; i++) {
        deferred_file *df = st->deferred.items[i];
        if (!df->closed)
            file_close(st->opts, &df->f, &df->merged);
        free(df);
    }
    mt_vec_free(&st->deferred);
}

mt_result *mt_scan_target(const mt_scan_opts *o, mt_report *report, const char *target,
                          const char *class, const char *type,
                          void (*fn)(mt_scan_file *f, void *ud), void *ud)
{
    mt_file_settings merged;
    mt_scan_file f = {0};
    file_open(&f, &merged, o, report, target, class, type, NULL);
    fn(&f, ud);
    free(f.line_starts);
    file_close(o, &f, &merged);
    return f.result;
}

static const mt_analyzer *detect(const mt_scan_opts *o, const char *path, const char *data,
                                 size_t len, bool explicit_target)
{
    if (o->forced_type)
        return mt_analyzer_by_type(o->forced_type);
    for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
        if (analyzers[i]->match_name && analyzers[i]->match_name(path))
            return analyzers[i];
    }
    if (data) {
        for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
            const mt_analyzer *an = analyzers[i];
            if (an->sniff && (explicit_target || (an->maybe_name && an->maybe_name(path))) &&
                an->sniff(data, len))
                return an;
        }
    }
    return NULL;
}

int mt_scan_buffer(const mt_scan_opts *o, const char *path, const char *data, size_t len,
                   const char *type, mt_report *report)
{
    const mt_analyzer *an = type ? mt_analyzer_by_type(type) : detect(o, path, data, len, true);
    if (!an)
        return -1;
    scan_state st = {.opts = o, .report = report};
    pthread_mutex_init(&st.lock, NULL);
    deferred_file *df;
    run_analyzer(&st, report, an, path, data, len, NULL, &df);
    finish_sets(&st);
    pthread_mutex_destroy(&st.lock);
    return 0;
}

/* ---- walking: collects jobs ---- */

static const char *const default_skip_dirs[] = {
    ".git", ".hg", ".svn", "node_modules", "vendor", "bower_components",
    ".venv", "venv", "__pycache__", ".tox", ".terraform",
};

static bool globs_match(const mt_vec *globs, const char *rel)
{
    for (size_t i = 0; i < globs->len; i++) {
        if (ignore_path_matches(globs->items[i], rel))
            return true;
    }
    return false;
}

static void start_workers(scan_state *st);

static cpu_set_t only_cpu(int cpu)
{
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(cpu, &one);
    return one;
}

/* Lets the calling thread, worker w, run on any allowed CPU again. */
static void unplace(worker *w)
{
    if (w->placed) {
        sched_setaffinity(0, sizeof(w->st->allowed), &w->st->allowed);
        w->placed = false;
    }
}

static void add_job(scan_state *st, const char *path, bool explicit_target,
                    const mt_file_settings *extra)
{
    scan_job *j = mt_xcalloc(1, sizeof(*j));
    j->path = mt_xstrdup(path);
    j->explicit_target = explicit_target;
    j->extra = extra;
    pthread_mutex_lock(&st->queue_lock);
    mt_vec_push(&st->jobs, j);
    size_t queued = st->jobs.len;
    pthread_cond_signal(&st->queue_more);
    pthread_mutex_unlock(&st->queue_lock);
    if (queued == WORKERS_AFTER)
        start_workers(st);
    else if (queued == WORKERS_AFTER + WALK_PLACED_JOBS)
        unplace(&st->ws[0]); /* a long walk */
}

static bool name_wanted(const mt_scan_opts *o, const char *path)
{
    if (o->forced_type)
        return true;
    for (size_t i = 0; i < MT_ARRAY_LEN(analyzers); i++) {
        if (analyzers[i]->match_name && analyzers[i]->match_name(path))
            return true;
        if (analyzers[i]->maybe_name && analyzers[i]->maybe_name(path))
            return true;
    }
    return false;
}

/* Directory entries carry their d_type in the first byte. They are sorted
 * as the paths below them compare: a directory's name as if it ended in
 * '/' ("a.txt" before "a/x", "a-b/x" before "a/x"), so a walk meets files
 * in strcmp order of their paths. */
static int cmp_entry(const void *x, const void *y)
{
    const char *a = *(const char *const *)x, *b = *(const char *const *)y;
    const unsigned char *p = (const unsigned char *)a + 1, *q = (const unsigned char *)b + 1;
    while (*p && *p == *q) {
        p++;
        q++;
    }
    unsigned cp = *p ? *p : (unsigned char)a[0] == DT_DIR ? '/' : 0;
    unsigned cq = *q ? *q : (unsigned char)b[0] == DT_DIR ? '/' : 0;
    return (cp > cq) - (cp < cq);
}

/* Loads dir/name as a .hadolint.yaml; the settings live until the scan
 * ends. NULL when it cannot be loaded (a warning says why). */
static const mt_file_settings *load_hadolint(scan_state *st, const char *dir, const char *name)
{
    char path[PATH_MAX];
    if (snprintf(path, sizeof(path), "%s/%s", dir, name) >= (int)sizeof(path))
        return NULL;
    hl_cache_entry *e = mt_xcalloc(1, sizeof(*e));
    e->dir = mt_xstrdup(path);
    mt_vec_push(&st->hl_cache, e);
    e->settings = read_hadolint(st, path);
    return e->settings;
}

/* Is sb the report being written (mt_scan_opts.skip_file)? */
static bool is_report_file(const mt_scan_opts *o, const struct stat *sb)
{
    return o->skip_file && (unsigned long long)sb->st_dev == o->skip_dev &&
           (unsigned long long)sb->st_ino == o->skip_ino;
}

/* The entries of a directory but . and .. (and the file o->skip_file names),
 * each as its type byte (d_type; found with fstatat when the file system
 * does not say) then its name (malloc'd), appended to names. Reads the entries with
 * getdents64 itself: opendir() adds an fstat per directory and a 32 KiB
 * buffer, and a tree of small folders is mostly directories. Returns -1
 * (errno set) when the directory cannot be read. */
static int read_dir(const mt_scan_opts *o, const char *dir, mt_vec *names)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    char buf[8192] __attribute__((aligned(8)));
    for (;;) {
        long n = syscall(SYS_getdents64, fd, buf, sizeof(buf));
        if (n < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            free_strings(names);
            errno = e;
            return -1;
        }
        if (n == 0)
            break;
        for (long off = 0; off < n;) {
            const struct linux_dirent64 {
                uint64_t d_ino;
                int64_t d_off;
                unsigned short d_reclen;
                unsigned char d_type;
                char d_name[];
            } *de = (const void *)(buf + off);
            off += de->d_reclen;
            const char *nm = de->d_name;
            if (nm[0] == '.' && (nm[1] == '\0' || (nm[1] == '.' && nm[2] == '\0')))
                continue;
            unsigned char type = de->d_type;
            if (o->skip_file && de->d_ino == o->skip_ino) {
                struct stat sb; /* the same inode number on another device is another file */
                if (fstatat(fd, nm, &sb, AT_SYMLINK_NOFOLLOW) == 0 && is_report_file(o, &sb))
                    continue;
            }
            if (type == DT_UNKNOWN) {
                struct stat sb;
                if (fstatat(fd, nm, &sb, AT_SYMLINK_NOFOLLOW) != 0)
                    continue;
                type = S_ISDIR(sb.st_mode) ? DT_DIR : S_ISREG(sb.st_mode) ? DT_REG : DT_LNK;
            }
            size_t nl = strlen(nm);
            char *e = mt_xmalloc(nl + 2);
            e[0] = (char)type;
            memcpy(e + 1, nm, nl + 1);
            mt_vec_push(names, e);
        }
    }
    close(fd);
    return 0;
}

static void walk_dir(scan_state *st, const char *dir, const char *root, int depth,
                     const mt_file_settings *inherited)
{
    const mt_scan_opts *o = st->opts;
    if (depth > 64) {
        mt_report_warn(st->report, "%s: directory nesting deeper than 64; not descended", dir);
        return;
    }
    /* names with their d_type in the first byte */
    mt_vec names = {0};
    if (read_dir(o, dir, &names) != 0) {
        mt_report_error_add(st->report, dir, "cannot open directory: %s", strerror(errno));
        return;
    }
    if (names.len > 1)
        qsort(names.items, names.len, sizeof(void *), cmp_entry);
    /* A .hadolint.yaml here replaces the one inherited from above. */
    const mt_file_settings *extra = inherited;
    if (o->use_hadolint_config) {
        for (size_t i = 0; i < names.len; i++) {
            const char *name = (const char *)names.items[i] + 1;
            if (!strcmp(name, ".hadolint.yaml") || !strcmp(name, ".hadolint.yml")) {
                extra = load_hadolint(st, dir, name);
                break;
            }
        }
    }
    size_t rootlen = strlen(root);
    /* every entry's path is dir/name: the prefix is copied once */
    char path[PATH_MAX];
    size_t dirlen = strlen(dir);
    if (dirlen + 2 > sizeof(path))
        dirlen = sizeof(path); /* every entry is then too long */
    else {
        memcpy(path, dir, dirlen);
        if (dirlen == 0 || path[dirlen - 1] != '/')
            path[dirlen++] = '/';
    }
    for (size_t i = 0; i < names.len; i++) {
        unsigned char type = (unsigned char)((const char *)names.items[i])[0];
        const char *name = (const char *)names.items[i] + 1;
        size_t nl = strlen(name);
        if (dirlen + nl + 1 > sizeof(path)) {
            mt_report_warn(st->report, "%s/%s: path too long; skipped", dir, name);
            continue;
        }
        memcpy(path + dirlen, name, nl + 1);
        const char *rel = path + rootlen;
        while (*rel == '/')
            rel++;
        if (type == DT_DIR) {
            bool skip = false;
            for (size_t k = 0; k < MT_ARRAY_LEN(default_skip_dirs) && !skip; k++)
                skip = strcmp(name, default_skip_dirs[k]) == 0;
            if (skip || globs_match(&o->skip_dirs, rel))
                continue;
            walk_dir(st, path, root, depth + 1, extra);
        } else if (type == DT_REG && name_wanted(o, path)) {
            if (globs_match(&o->skip_files, rel))
                continue;
            add_job(st, path, false, extra);
        }
        /* Symlinks and special files inside a tree are not followed. */
    }
    free_strings(&names);
}

/* ---- running jobs, on several threads ---- */

/* The job whose result is to be handed on next, or NULL. */
static scan_job *next_to_deliver(scan_state *st)
{
    pthread_mutex_lock(&st->queue_lock);
    size_t k = atomic_load(&st->delivered);
    scan_job *j = k < st->jobs.len ? st->jobs.items[k] : NULL;
    pthread_mutex_unlock(&st->queue_lock);
    return j;
}

/* Hands every finished result at the head of the job list to result_next,
 * in job order. Called with deliver_lock held. */
static void deliver_ready(scan_state *st)
{
    scan_job *j;
    while ((j = next_to_deliver(st)) != NULL && atomic_load(&j->finished)) {
        if (j->res)
            st->opts->result_next(st->opts->result_ready_ud, j->res);
        atomic_fetch_add(&st->delivered, 1);
    }
}

/* Records a job's outcome (once per job, also when the file could not be
 * read) and hands on what has become deliverable. A thread that finds
 * another one delivering does not wait: that one looks at the head again
 * after letting go of the lock, and sees this job. */
static void job_done(scan_state *st, scan_job *j, mt_result *res, deferred_file *deferred)
{
    if (!st->ordered)
        return;
    j->res = res;
    j->deferred = deferred;
    atomic_store(&j->finished, deferred == NULL);
    for (;;) {
        if (pthread_mutex_trylock(&st->deliver_lock) != 0)
            return;
        deliver_ready(st);
        pthread_mutex_unlock(&st->deliver_lock);
        scan_job *head = next_to_deliver(st);
        if (!head || !atomic_load(&head->finished))
            return;
    }
}

static void run_job(scan_state *st, mt_report *report, scan_job *j)
{
    const mt_scan_opts *o = st->opts;
    char *data = NULL;
    size_t len = 0;
    const char *err = NULL;
    if (mt_read_file(j->path, o->max_file_size, &data, &len, &err) != 0) {
        mt_report_error_add(report, j->path, "cannot read: %s", err);
        job_done(st, j, NULL, NULL);
        return;
    }
    const mt_analyzer *an = detect(o, j->path, data, len, j->explicit_target);
    mt_result *res = NULL;
    deferred_file *df = NULL;
    if (an)
        res = run_analyzer(st, report, an, j->path, data, len, j->extra, &df);
    else if (j->explicit_target)
        mt_report_warn(report, "%s: not a file type moat knows; skipped (use --type)", j->path);
    free(data);
    job_done(st, j, res, df);
}

/* The next job, waiting while the walk may still add one; NULL when there
 * is none left. */
static scan_job *take_job(scan_state *st)
{
    scan_job *j = NULL;
    pthread_mutex_lock(&st->queue_lock);
    while (st->next == st->jobs.len && !st->walk_done)
        pthread_cond_wait(&st->queue_more, &st->queue_lock);
    if (st->next < st->jobs.len)
        j = st->jobs.items[st->next++];
    pthread_mutex_unlock(&st->queue_lock);
    return j;
}

static void *worker_main(void *arg)
{
    worker *w = arg;
    const mt_scan_opts *o = w->st->opts;
    scan_job *j;
    size_t jobs = 0;
    while ((j = take_job(w->st)) != NULL) {
        if (jobs++ == PLACED_JOBS)
            unplace(w);
        run_job(w->st, w->report, j);
        size_t done = atomic_fetch_add(&w->st->done, 1) + 1;
        if (o->progress) {
            pthread_mutex_lock(&w->st->progress_lock);
            o->progress(o->progress_ud, done, j->path);
            pthread_mutex_unlock(&w->st->progress_lock);
        }
    }
    return NULL;
}

/* Threads: --parallel, else one per CPU this process may run on (a
 * container's CPU set, not the host's count). */
static int worker_count(const mt_scan_opts *o, const cpu_set_t *allowed)
{
    long n = o->threads;
    if (n <= 0)
        n = allowed ? CPU_COUNT(allowed) : sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > MAX_WORKERS)
        n = MAX_WORKERS;
    return (int)n;
}

/* The next allowed CPU after *cpu other than `skip`; false when none is
 * left. */
static bool next_cpu(const cpu_set_t *allowed, int *cpu, int skip)
{
    do
        ++*cpu;
    while (*cpu < CPU_SETSIZE && (!CPU_ISSET(*cpu, allowed) || *cpu == skip));
    return *cpu < CPU_SETSIZE;
}

/* Starts the helper threads (worker 0 is the calling thread, which joins
 * in once the walk is done). Called when the queue reaches WORKERS_AFTER
 * jobs: threads only pay off with a few dozen files.
 *
 * A new thread starts on its parent's CPU and the scheduler may take longer
 * to move it than a scan of a few thousand files lasts, or later move two
 * workers together (seen: two workers sharing one CPU for 20 ms while the
 * other idled). So while there are CPUs to go round, each worker keeps one
 * of its own for its first PLACED_JOBS files and is then free again
 * (worker_main), so that a long scan is not tied to a CPU another program
 * has taken. The calling thread, which walks before it scans, is also freed
 * when the walk has queued WALK_PLACED_JOBS more files (add_job). */
static void start_workers(scan_state *st)
{
    if (st->nworkers)
        return;
    bool place = sched_getaffinity(0, sizeof(st->allowed), &st->allowed) == 0;
    int n = worker_count(st->opts, place ? &st->allowed : NULL);
    for (int i = 0; i < n; i++) {
        st->ws[i] = (worker){.st = st};
        st->ws[i].report = mt_xmalloc(sizeof(mt_report));
        mt_report_init(st->ws[i].report);
    }
    st->nworkers = n;
    st->started = 1;
    place = place && n > 1 && n <= CPU_COUNT(&st->allowed);
    int here = place ? sched_getcpu() : -1, cpu = -1;
    if (here < 0 || here >= CPU_SETSIZE || !CPU_ISSET(here, &st->allowed))
        place = false;
    for (int i = 1; i < n; i++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        if (place && next_cpu(&st->allowed, &cpu, here)) {
            cpu_set_t one = only_cpu(cpu);
            st->ws[i].placed = pthread_attr_setaffinity_np(&attr, sizeof(one), &one) == 0;
        }
        int err = pthread_create(&st->ws[i].tid, &attr, worker_main, &st->ws[i]);
        pthread_attr_destroy(&attr);
        if (err != 0)
            break;
        st->started++;
    }
    /* This thread last, so that no helper inherits its one-CPU mask. */
    if (place) {
        cpu_set_t one = only_cpu(here);
        st->ws[0].placed = sched_setaffinity(0, sizeof(one), &one) == 0;
    }
}

/* After the walk: the calling thread works through the rest of the queue,
 * then waits for the others and merges their reports. */
static void run_jobs(scan_state *st)
{
    pthread_mutex_lock(&st->queue_lock);
    st->walk_done = true;
    pthread_cond_broadcast(&st->queue_more);
    pthread_mutex_unlock(&st->queue_lock);
    if (!st->nworkers && st->jobs.len >= WORKERS_AFTER)
        start_workers(st);
    if (!st->nworkers) {
        /* too few files for threads: one worker, this thread */
        st->ws[0] = (worker){.st = st, .report = mt_xmalloc(sizeof(mt_report))};
        mt_report_init(st->ws[0].report);
        st->nworkers = st->started = 1;
    }
    worker_main(&st->ws[0]);
    unplace(&st->ws[0]); /* this thread goes on after the scan */
    for (int i = 1; i < st->started; i++)
        pthread_join(st->ws[i].tid, NULL);
    /* Input sets emit into the workers' results, so before merging them. */
    finish_sets(st);
    for (int i = 0; i < st->nworkers; i++)
        mt_report_merge(st->report, st->ws[i].report);
}

/* The targets of a walk of such paths, taken in this order, come in the
 * order mt_report_sort() puts results in (by strcmp of the path): every
 * path sorts before the next and is not a prefix of it (so nothing under
 * one can sort after something of the next), and each directory lists its
 * entries as the paths below them compare (cmp_entry). Then results can be
 * handed on as soon as they and every result before them are final. */
bool mt_scan_paths_ordered(char *const *paths, size_t n)
{
    for (size_t i = 0; i + 1 < n; i++) {
        size_t len = strlen(paths[i]);
        if (strcmp(paths[i], paths[i + 1]) >= 0 || strncmp(paths[i], paths[i + 1], len) == 0)
            return false;
    }
    return true;
}

size_t mt_scan_paths(const mt_scan_opts *o, char *const *paths, size_t npaths, mt_report *report)
{
    scan_state st = {.opts = o, .report = report};
    pthread_mutex_init(&st.lock, NULL);
    pthread_mutex_init(&st.queue_lock, NULL);
    pthread_mutex_init(&st.progress_lock, NULL);
    pthread_cond_init(&st.queue_more, NULL);
    pthread_mutex_init(&st.deliver_lock, NULL);
    st.ordered = o->result_next && mt_scan_paths_ordered(paths, npaths);
    size_t errors_before = report->errors.len;
    for (size_t i = 0; i < npaths; i++) {
        const char *p = paths[i];
        struct stat sb;
        if (stat(p, &sb) != 0) {
            mt_report_error_add(report, p, "cannot read: %s", strerror(errno));
            continue;
        }
        if (S_ISDIR(sb.st_mode)) {
            /* Settings from the parents of the root; the walk itself picks
             * up any .hadolint.yaml below. */
            char parent[PATH_MAX];
            snprintf(parent, sizeof(parent), "%s/..", p);
            walk_dir(&st, p, p, 0, hadolint_settings(&st, parent));
        } else if (is_report_file(o, &sb)) {
            mt_report_warn(report, "%s: is the report being written; not scanned", p);
        } else {
            char dir[PATH_MAX];
            mt_dirname(p, dir, sizeof(dir));
            add_job(&st, p, true, hadolint_settings(&st, dir));
        }
    }
    run_jobs(&st);
    for (size_t i = 0; i < st.jobs.len; i++) {
        scan_job *j = st.jobs.items[i];
        free(j->path);
        free(j);
    }
    mt_vec_free(&st.jobs);
    hl_cache_free(&st);
    pthread_cond_destroy(&st.queue_more);
    pthread_mutex_destroy(&st.deliver_lock);
    pthread_mutex_destroy(&st.progress_lock);
    pthread_mutex_destroy(&st.queue_lock);
    pthread_mutex_destroy(&st.lock);
    return report->errors.len - errors_before;
}

void mt_report_filter_severity(mt_report *r, unsigned mask)
{
    for (size_t i = 0; i < r->results.len; i++)
        mt_result_filter_severity(r->results.items[i], mask);
}

void mt_result_filter_severity(mt_result *res, unsigned mask)
{
    size_t w = 0;
    for (size_t j = 0; j < res->findings.len; j++) {
        mt_finding *f = res->findings.items[j];
        if (mask & (1u << f->severity))
            res->findings.items[w++] = f;
    }
    res->findings.len = w;
    w = 0;
    for (size_t j = 0; j < res->vulns.len; j++) {
        mt_vuln *v = res->vulns.items[j];
        if (mask & (1u << v->severity))
            res->vulns.items[w++] = v;
    }
    res->vulns.len = w;
}
