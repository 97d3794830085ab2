/* update.c — downloading and importing the feeds (update.h). */
#include "vuln/update.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vuln/fetch.h"

#define OSV_BASE "https://osv-vulnerabilities.storage.googleapis.com"
#define SECDB_BASE "https://secdb.alpinelinux.org"

static const char *const osv_ecosystems[] = {
    "Debian", "Alpine", "Ubuntu", "Go", "npm", "PyPI", "Maven", "crates.io", "RubyGems", "Packagist", "NuGet",
};

/* Alpine releases whose secdb is fetched (the maintained ones and the
 * few before them that images still use). */
static const char *const secdb_releases[] = {
    "v3.16", "v3.17", "v3.18", "v3.19", "v3.20", "v3.21", "v3.22",
};
static const char *const secdb_repos[] = {"main", "community"};

static bool wanted(const vu_opts *o, const char *name)
{
    if (!o || !o->only || o->only->len == 0)
        return true;
    for (size_t i = 0; i < o->only->len; i++)
        if (mt_streq_ci(o->only->items[i], name))
            return true;
    return false;
}

static void add_feed(mt_vec *out, const char *source, const char *url, const char *label)
{
    vu_feed *f = mt_xcalloc(1, sizeof(*f));
    f->source = mt_xstrdup(source);
    f->url = mt_xstrdup(url);
    f->label = mt_xstrdup(label);
    mt_vec_push(out, f);
}

int vu_feeds(const vu_opts *o, mt_vec *out, char *err, size_t errlen)
{
    if (o && o->only) {
        for (size_t i = 0; i < o->only->len; i++) {
            const char *n = o->only->items[i];
            bool known = mt_streq_ci(n, "alpine-secdb");
            for (size_t k = 0; k < MT_ARRAY_LEN(osv_ecosystems) && !known; k++)
                known = mt_streq_ci(n, osv_ecosystems[k]);
            if (!known) {
                mt_buf names = {0};
                for (size_t k = 0; k < MT_ARRAY_LEN(osv_ecosystems); k++)
                    mt_buf_printf(&names, "%s%s", k ? ", " : "", osv_ecosystems[k]);
                snprintf(err, errlen, "unknown feed '%s' (known: alpine-secdb and the OSV ecosystems %s)", n,
                         names.data);
                mt_buf_free(&names);
                return -1;
            }
        }
    }
    const char *repo = o && o->repository && *o->repository ? o->repository : NULL;
    size_t rl = repo ? strlen(repo) : 0;
    while (rl > 0 && repo[rl - 1] == '/')
        rl--;
    char url[2048], source[256], label[256];
    for (size_t i = 0; i < MT_ARRAY_LEN(osv_ecosystems); i++) {
        const char *e = osv_ecosystems[i];
        if (!wanted(o, e))
            continue;
        if (repo)
            snprintf(url, sizeof(url), "%.*s/%s/all.zip", (int)rl, repo, e);
        else
            snprintf(url, sizeof(url), OSV_BASE "/%s/all.zip", e);
        snprintf(source, sizeof(source), "osv:%s", e);
        snprintf(label, sizeof(label), "OSV %s", e);
        add_feed(out, source, url, label);
    }
    if (wanted(o, "alpine-secdb")) {
        for (size_t i = 0; i < MT_ARRAY_LEN(secdb_releases); i++) {
            for (size_t k = 0; k < MT_ARRAY_LEN(secdb_repos); k++) {
                const char *rel = secdb_releases[i], *rp = secdb_repos[k];
                if (repo)
                    snprintf(url, sizeof(url), "%.*s/secdb/%s/%s.json", (int)rl, repo, rel, rp);
                else
                    snprintf(url, sizeof(url), SECDB_BASE "/%s/%s.json", rel, rp);
                snprintf(source, sizeof(source), "secdb:Alpine:%s/%s", rel, rp);
                snprintf(label, sizeof(label), "Alpine secdb %s %s", rel, rp);
                add_feed(out, source, url, label);
            }
        }
    }
    return 0;
}

void vu_feeds_free(mt_vec *feeds)
{
    for (size_t i = 0; i < feeds->len; i++) {
        vu_feed *f = feeds->items[i];
        free(f->source);
        free(f->url);
        free(f->label);
        free(f);
    }
    mt_vec_free(feeds);
}

typedef struct {
    const vu_opts *o;
    const vu_feed *f;
    size_t i, n;
} prog_ctx;

static void on_progress(void *ud, uint64_t done, uint64_t total)
{
    prog_ctx *p = ud;
    if (p->o->progress)
        p->o->progress(p->o->ud, p->f, p->i, p->n, done, total);
}

static void event(const vu_opts *o, const vu_feed *f, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static void event(const vu_opts *o, const vu_feed *f, const char *fmt, ...)
{
    if (!o->event)
        return;
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    o->event(o->ud, f, buf);
}

int vu_update(const char *dir, const vu_opts *o, vi_stats *st, char *err, size_t errlen)
{
    mt_vec feeds = {0};
    if (vu_feeds(o, &feeds, err, errlen) != 0)
        return -1;
    vdb *db = NULL;
    if (vdb_begin_update(dir, false, &db, err, errlen) != 0) {
        vu_feeds_free(&feeds);
        return -1;
    }
    /* the validators of the last successful download of each feed */
    mt_arena a;
    mt_arena_init(&a);
    mt_vec sources = {0};
    int ret = -1;
    if (vdb_sources(db, &a, &sources, err, errlen) < 0)
        goto out;
    for (size_t i = 0; i < feeds.len; i++) {
        vu_feed *f = feeds.items[i];
        const vdb_source *old = NULL;
        for (size_t k = 0; k < sources.len && !old; k++) {
            const vdb_source *s = sources.items[k];
            if (!strcmp(s->name, f->source) && s->url && !strcmp(s->url, f->url))
                old = s;
        }
        char dest[4200];
        snprintf(dest, sizeof(dest), "%s/download-%ld-%zu", dir, (long)getpid(), i);
        prog_ctx pc = {o, f, i, feeds.len};
        fetch_opts fo = {0};
        fo.etag = old ? old->etag : NULL;
        fo.last_modified = old ? old->last_modified : NULL;
        fo.validators_without_dest = true; /* the records are in the database */
        fo.ca_file = o->ca_file;
        fo.backoff_ms = o->backoff_ms;
        fo.progress = on_progress;
        fo.progress_ud = &pc;
        fo.user_agent = "moat-db-update";
        fetch_result fr = {0};
        char ferr[1024];
        if (fetch_url(f->url, dest, &fo, &fr, ferr, sizeof(ferr)) != 0) {
            snprintf(err, errlen, "%s: %s", f->label, ferr);
            fetch_result_free(&fr);
            unlink(dest);
            goto out;
        }
        if (fr.not_modified) {
            event(o, f, "not modified since the last update");
            fetch_result_free(&fr);
            continue;
        }
        vi_opts io = {o->problem, o->ud, f->url, fr.etag, fr.last_modified, f->source};
        size_t before = st->records;
        int rc = vi_import_path(db, dest, &io, st, err, errlen);
        unlink(dest);
        uint64_t bytes = fr.bytes;
        fetch_result_free(&fr);
        if (rc != 0)
            goto out;
        event(o, f, "%zu records (%llu bytes)", st->records - before, (unsigned long long)bytes);
    }
    ret = vdb_commit_update(db, err, errlen);
    db = NULL;
out:
    if (db)
        vdb_abort_update(db);
    mt_vec_free(&sources);
    mt_arena_free(&a);
    vu_feeds_free(&feeds);
    return ret;
}
