/* import.c — feeds from disk into the database (import.h). */
#include "vuln/import.h"

#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "vuln/osv.h"
#include "vuln/secdb.h"

#define MAX_FEED_FILE (64u << 20) /* one OSV or secdb document */
#define MAX_DEPTH 16              /* directory levels walked */
#define MAX_FILES 2000000         /* files walked in one import */

static void problem(const vi_opts *o, vi_stats *st, const char *path, const char *msg)
{
    st->problems++;
    if (o && o->problem)
        o->problem(o->ud, path, msg);
}

typedef enum { K_UNKNOWN, K_OSV, K_SECDB, K_ZIP, K_MOATDB } kind;

static kind sniff(const char *head, size_t n, const char *path)
{
    if (n >= 16 && memcmp(head, "SQLite format 3", 16) == 0)
        return K_MOATDB;
    if (n >= 4 && memcmp(head, "PK\003\004", 4) == 0)
        return K_ZIP;
    if (mt_endswith_ci(path, ".yaml") || mt_endswith_ci(path, ".yml"))
        return K_SECDB;
    size_t i = 0;
    if (n >= 3 && (unsigned char)head[0] == 0xef && (unsigned char)head[1] == 0xbb &&
        (unsigned char)head[2] == 0xbf)
        i = 3;
    while (i < n && (head[i] == ' ' || head[i] == '\n' || head[i] == '\r' || head[i] == '\t'))
        i++;
    if (i < n && (head[i] == '{' || head[i] == '[')) {
        /* secdb JSON has "secfixes" and "distroversion"; OSV never does. */
        if (memmem(head, n, "\"distroversion\"", 15) || memmem(head, n, "\"secfixes\"", 10))
            return K_SECDB;
        return K_OSV;
    }
    return K_UNKNOWN;
}

/* Stores the records of one OSV document (a record, an array, or
 * {"vulns": [...]}) into the open source. */
static void put_osv(vdb *db, const char *path, const char *data, size_t len, const vi_opts *o,
                    vi_stats *st, int *dberr, char *err, size_t errlen)
{
    mt_arena a;
    mt_arena_init(&a);
    mt_vec recs = {0};
    char perr[512];
    if (osv_parse_many(&a, data, len, &recs, perr, sizeof(perr)) < 0) {
        problem(o, st, path, perr);
    } else {
        for (size_t i = 0; i < recs.len && !*dberr; i++) {
            int rc = vdb_put(db, recs.items[i], err, errlen);
            if (rc < 0)
                *dberr = 1;
            else if (rc == 1)
                st->skipped++;
            else
                st->records++;
        }
    }
    mt_vec_free(&recs);
    mt_arena_free(&a);
}

static int read_all(const char *path, char **data, size_t *len, char *msg, size_t msglen)
{
    const char *e = NULL;
    if (mt_read_file(path, MAX_FEED_FILE, data, len, &e) != 0) {
        snprintf(msg, msglen, "%s", e ? e : "cannot read");
        return -1;
    }
    return 0;
}

typedef struct {
    vdb *db;
    const vi_opts *o;
    vi_stats *st;
    const char *zip;
    int dberr;
    char *err;
    size_t errlen;
} zip_ctx;

static int zip_member(void *ud, const char *name, const char *data, size_t len)
{
    zip_ctx *z = ud;
    char where[4200];
    snprintf(where, sizeof(where), "%s:%s", z->zip, name);
    z->st->files++;
    put_osv(z->db, where, data, len, z->o, z->st, &z->dberr, z->err, z->errlen);
    return z->dberr ? -1 : 0;
}

static const char *source_name(const vi_opts *o, const char *real, char *buf, size_t n)
{
    if (o && o->source)
        return o->source;
    snprintf(buf, n, "import:%s", real);
    return buf;
}

static int end_source(vdb *db, const char *path, const vi_opts *o, vi_stats *st, char *err,
                      size_t errlen)
{
    if (vdb_source_end(db, o && o->url ? o->url : path, o ? o->etag : NULL,
                       o ? o->last_modified : NULL, err, errlen) != 0)
        return -1;
    st->sources++;
    return 0;
}

static int import_zip(vdb *db, const char *path, const char *real, const vi_opts *o, vi_stats *st,
                      char *err, size_t errlen)
{
    char sbuf[PATH_MAX + 16];
    if (vdb_source_begin(db, source_name(o, real, sbuf, sizeof(sbuf)), err, errlen) != 0)
        return -1;
    zip_ctx z = {db, o, st, path, 0, err, errlen};
    char zerr[512];
    if (osv_zip_each(path, NULL, 0, zip_member, &z, zerr, sizeof(zerr)) < 0) {
        snprintf(err, errlen, "%s: %s", path, zerr);
        return -1;
    }
    if (z.dberr)
        return -1; /* the callback stopped the walk; err is set */
    return end_source(db, path, o, st, err, errlen);
}

/* secdb files: one source per release and repository. */
static int import_secdb(vdb *db, const char *path, const char *data, size_t len, const vi_opts *o,
                        vi_stats *st, char *err, size_t errlen)
{
    mt_arena a;
    mt_arena_init(&a);
    mt_vec recs = {0};
    char perr[512];
    int ret = 0;
    if (secdb_parse(&a, data, len, path, &recs, perr, sizeof(perr)) < 0) {
        problem(o, st, path, perr);
        goto out;
    }
    /* The release comes from the records; the repository from the file
     * name (main.yaml, community.json). */
    const char *eco = NULL;
    for (size_t i = 0; i < recs.len && !eco; i++) {
        vr_record *r = recs.items[i];
        if (r->naffected)
            eco = r->affected[0].ecosystem;
    }
    const char *base = mt_basename(path);
    size_t bl = strcspn(base, ".");
    char name[512];
    if (o && o->source)
        snprintf(name, sizeof(name), "%s", o->source);
    else
        snprintf(name, sizeof(name), "secdb:%s/%.*s", eco ? eco : "Alpine", (int)bl, base);
    if (vdb_source_begin(db, name, err, errlen) != 0) {
        ret = -1;
        goto out;
    }
    for (size_t i = 0; i < recs.len; i++) {
        int rc = vdb_put(db, recs.items[i], err, errlen);
        if (rc < 0) {
            ret = -1;
            goto out;
        }
        if (rc == 1)
            st->skipped++;
        else
            st->records++;
    }
    ret = end_source(db, path, o, st, err, errlen);
out:
    mt_vec_free(&recs);
    mt_arena_free(&a);
    return ret;
}

static int head_of(const char *path, char *head, size_t cap, size_t *n)
{
    FILE *f = fopen(path, "rb");
    if (!f)
        return -1;
    *n = fread(head, 1, cap, f);
    fclose(f);
    return 0;
}

typedef struct walk_ctx {
    vdb *db;
    const vi_opts *o;
    vi_stats *st;
    char *err;
    size_t errlen;
    mt_vec files; /* char*: regular files found, in walk order */
} walk_ctx;

static int kind_of(const char *path, kind *k, int *e)
{
    char head[4096];
    size_t n = 0;
    if (head_of(path, head, sizeof(head), &n) != 0) {
        *e = errno;
        return -1;
    }
    *k = sniff(head, n, path);
    return 0;
}

/* A file that is a source on its own: zip archive, secdb file, database. */
static int import_single(walk_ctx *w, const char *path, kind k)
{
    w->st->files++;
    if (k == K_MOATDB) {
        int got = vdb_merge_file(w->db, path, w->err, w->errlen);
        if (got < 0)
            return -1;
        w->st->sources += (size_t)got;
        return 0;
    }
    char real[PATH_MAX];
    if (!realpath(path, real))
        snprintf(real, sizeof(real), "%s", path);
    if (k == K_ZIP)
        return import_zip(w->db, path, real, w->o, w->st, w->err, w->errlen);
    char *data = NULL;
    size_t len = 0;
    char msg[256];
    if (read_all(path, &data, &len, msg, sizeof(msg)) != 0) {
        problem(w->o, w->st, path, msg);
        return 0;
    }
    int rc = import_secdb(w->db, path, data, len, w->o, w->st, w->err, w->errlen);
    free(data);
    return rc;
}

/* OSV JSON files, all into one source. */
static int import_osv_files(walk_ctx *w, const char *source, const char *origin, char **paths,
                            size_t n, bool named)
{
    if (vdb_source_begin(w->db, source, w->err, w->errlen) != 0)
        return -1;
    size_t before = w->st->records + w->st->skipped;
    for (size_t i = 0; i < n; i++) {
        char *data = NULL;
        size_t len = 0;
        char msg[256];
        w->st->files++;
        if (read_all(paths[i], &data, &len, msg, sizeof(msg)) != 0) {
            problem(w->o, w->st, paths[i], msg);
            continue;
        }
        int dberr = 0;
        put_osv(w->db, paths[i], data, len, w->o, w->st, &dberr, w->err, w->errlen);
        free(data);
        if (dberr)
            return -1;
    }
    if (named && w->st->records + w->st->skipped == before) {
        /* a single file that is not OSV at all: keep the old data */
        snprintf(w->err, w->errlen, "%s: no OSV record could be read", paths[0]);
        return -1;
    }
    return end_source(w->db, origin, w->o, w->st, w->err, w->errlen);
}

static int cmp_str(const void *x, const void *y)
{
    return strcmp(*(char *const *)x, *(char *const *)y);
}

static int walk(walk_ctx *w, const char *dir, int depth)
{
    if (depth > MAX_DEPTH) {
        problem(w->o, w->st, dir, "directory nesting too deep: skipped");
        return 0;
    }
    DIR *d = opendir(dir);
    if (!d) {
        problem(w->o, w->st, dir, strerror(errno));
        return 0;
    }
    mt_vec names = {0};
    struct dirent *de;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.')
            continue;
        mt_vec_push(&names, mt_xstrdup(de->d_name));
    }
    closedir(d);
    /* sorted: the same directory imports the same way every time */
    if (names.len)
        qsort(names.items, names.len, sizeof(char *), cmp_str);
    int rc = 0;
    for (size_t i = 0; i < names.len && rc == 0; i++) {
        char path[PATH_MAX];
        snprintf(path, sizeof(path), "%s/%s", dir, (char *)names.items[i]);
        struct stat sb;
        if (lstat(path, &sb) != 0)
            continue;
        if (S_ISDIR(sb.st_mode)) {
            rc = walk(w, path, depth + 1);
        } else if (S_ISREG(sb.st_mode)) {
            if (w->files.len >= MAX_FILES) {
                snprintf(w->err, w->errlen, "%s: more than %d files", dir, MAX_FILES);
                rc = -1;
                break;
            }
            mt_vec_push(&w->files, mt_xstrdup(path));
        }
    }
    for (size_t i = 0; i < names.len; i++)
        free(names.items[i]);
    mt_vec_free(&names);
    return rc;
}

int vi_import_path(vdb *db, const char *path, const vi_opts *o, vi_stats *st, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) != 0) {
        snprintf(err, errlen, "%s: %s", path, strerror(errno));
        return -1;
    }
    walk_ctx w = {db, o, st, err, errlen, {0}};
    char real[PATH_MAX], sbuf[PATH_MAX + 16];
    if (!realpath(path, real))
        snprintf(real, sizeof(real), "%s", path);
    const char *source = source_name(o, real, sbuf, sizeof(sbuf));
    int rc = 0;
    if (!S_ISDIR(sb.st_mode)) {
        kind k;
        int e = 0;
        if (kind_of(path, &k, &e) != 0) {
            snprintf(err, errlen, "%s: %s", path, strerror(e));
            return -1;
        }
        if (k == K_UNKNOWN) {
            snprintf(err, errlen, "%s: not an OSV record, OSV zip archive, secdb file or moat database",
                     path);
            return -1;
        }
        if (k == K_OSV) {
            char *one = (char *)path;
            return import_osv_files(&w, source, path, &one, 1, true);
        }
        return import_single(&w, path, k);
    }
    rc = walk(&w, path, 0);
    mt_vec osv = {0};
    size_t found = 0;
    for (size_t i = 0; i < w.files.len && rc == 0; i++) {
        char *f = w.files.items[i];
        kind k;
        int e = 0;
        if (kind_of(f, &k, &e) != 0) {
            problem(o, st, f, strerror(e));
            continue;
        }
        if (k == K_UNKNOWN)
            continue; /* other files in a feed directory (README, SOURCE) */
        found++;
        if (k == K_OSV)
            mt_vec_push(&osv, f);
        else
            rc = import_single(&w, f, k);
    }
    if (rc == 0 && osv.len)
        rc = import_osv_files(&w, source, path, (char **)osv.items, osv.len, false);
    if (rc == 0 && found == 0) {
        snprintf(err, errlen, "%s: no OSV records, archives, secdb files or databases found", path);
        rc = -1;
    }
    for (size_t i = 0; i < w.files.len; i++)
        free(w.files.items[i]);
    mt_vec_free(&w.files);
    mt_vec_free(&osv);
    return rc;
}
