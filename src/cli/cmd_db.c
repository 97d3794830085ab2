/* cmd_db.c — `moat db update|import|export|info`: the vulnerability
 * database in the cache directory. */
#include "cli/cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "vuln/db.h"
#include "vuln/import.h"
#include "vuln/update.h"

typedef struct {
    bool show;         /* progress on a terminal */
    bool quiet;
    size_t problems;
} ui;

static void on_problem(void *ud, const char *path, const char *msg)
{
    ui *u = ud;
    u->problems++;
    if (u->quiet)
        return;
    if (u->problems <= 20)
        fprintf(stderr, "%smoat: warning: %s: %s\n", u->show ? "\r\033[K" : "", path, msg);
    else if (u->problems == 21)
        fprintf(stderr, "%smoat: warning: more records could not be read (counted below)\n",
                u->show ? "\r\033[K" : "");
}

static void human(uint64_t n, char *buf, size_t len)
{
    if (n >= (1u << 20))
        snprintf(buf, len, "%.1f MB", (double)n / (1 << 20));
    else
        snprintf(buf, len, "%.0f kB", (double)n / 1024);
}

static void on_progress(void *ud, const vu_feed *f, size_t i, size_t n, uint64_t done, uint64_t total)
{
    ui *u = ud;
    if (!u->show)
        return;
    char d[32], t[32];
    human(done, d, sizeof(d));
    if (total) {
        human(total, t, sizeof(t));
        int pct = (int)(done * 100 / total);
        int bar = pct / 5;
        fprintf(stderr, "\r\033[Kmoat: [%zu/%zu] %-28s [%.*s%*s] %3d%% %s / %s", i + 1, n, f->label, bar,
                "####################", 20 - bar, "", pct, d, t);
    } else {
        fprintf(stderr, "\r\033[Kmoat: [%zu/%zu] %-28s %s", i + 1, n, f->label, d);
    }
    fflush(stderr);
}

static void on_event(void *ud, const vu_feed *f, const char *what)
{
    ui *u = ud;
    if (!u->quiet)
        fprintf(stderr, "%smoat: %s: %s\n", u->show ? "\r\033[K" : "", f->label, what);
}

static void print_stats(const ui *u, const vi_stats *st)
{
    if (u->quiet)
        return;
    fprintf(stderr, "moat: %zu records stored from %zu files into %zu sources", st->records, st->files,
            st->sources);
    if (st->skipped)
        fprintf(stderr, ", %zu without a matchable range", st->skipped);
    if (st->problems)
        fprintf(stderr, ", %zu unreadable", st->problems);
    fputs("\n", stderr);
}

static int db_update(const cli_opts *o, const char *dir, ui *u)
{
    vu_opts vo = {0};
    vo.repository = o->db_repository;
    vo.only = o->feeds.len ? &o->feeds : NULL;
    const char *bo = getenv("MOAT_DB_BACKOFF_MS"); /* tests keep retries short */
    vo.backoff_ms = bo ? atoi(bo) : 0;
    vo.progress = on_progress;
    vo.event = on_event;
    vo.problem = on_problem;
    vo.ud = u;
    vi_stats st = {0};
    char err[2048];
    int rc = vu_update(dir, &vo, &st, err, sizeof(err));
    if (u->show)
        fputs("\r\033[K", stderr);
    if (rc != 0) {
        fprintf(stderr, "moat db update: %s\nmoat db update: the database was not changed\n", err);
        return 1;
    }
    print_stats(u, &st);
    return 0;
}

static int db_import(const cli_opts *o, const char *dir, ui *u)
{
    if (o->paths.len < 2) {
        fprintf(stderr, "moat db import: no FILE or DIR given\n");
        return EXIT_USAGE;
    }
    vdb *db = NULL;
    char err[2048];
    if (vdb_begin_update(dir, false, &db, err, sizeof(err)) != 0) {
        fprintf(stderr, "moat db import: %s\n", err);
        return 1;
    }
    vi_stats st = {0};
    vi_opts io = {.problem = on_problem, .ud = u};
    for (size_t i = 1; i < o->paths.len; i++) {
        if (u->show) {
            fprintf(stderr, "\r\033[Kmoat: importing %s ...", (const char *)o->paths.items[i]);
            fflush(stderr);
        }
        if (vi_import_path(db, o->paths.items[i], &io, &st, err, sizeof(err)) != 0) {
            if (u->show)
                fputs("\r\033[K", stderr);
            fprintf(stderr, "moat db import: %s\nmoat db import: the database was not changed\n", err);
            vdb_abort_update(db);
            return 1;
        }
    }
    if (u->show)
        fputs("\r\033[K", stderr);
    if (vdb_commit_update(db, err, sizeof(err)) != 0) {
        fprintf(stderr, "moat db import: %s\n", err);
        return 1;
    }
    print_stats(u, &st);
    return 0;
}

static int open_or_say(const char *dir, const char *cmd, vdb **db)
{
    char err[2048];
    int rc = vdb_open(dir, db, err, sizeof(err));
    if (rc == 1) {
        fprintf(stderr, "moat db %s: no vulnerability database in %s (run 'moat db update' or 'moat db import')\n",
                cmd, dir);
        return 1;
    }
    if (rc < 0) {
        fprintf(stderr, "moat db %s: %s\n", cmd, err);
        return 1;
    }
    return 0;
}

static int db_export(const cli_opts *o, const char *dir)
{
    if (o->paths.len != 2) {
        fprintf(stderr, "moat db export: give one FILE to write\n");
        return EXIT_USAGE;
    }
    vdb *db = NULL;
    if (open_or_say(dir, "export", &db))
        return 1;
    char err[2048];
    int rc = vdb_export(db, o->paths.items[1], err, sizeof(err));
    vdb_close(db);
    if (rc != 0) {
        fprintf(stderr, "moat db export: %s\n", err);
        return 1;
    }
    return 0;
}

static void fmt_time(int64_t t, char *buf, size_t n)
{
    if (t <= 0) {
        snprintf(buf, n, "-");
        return;
    }
    time_t tt = (time_t)t;
    struct tm tm;
    gmtime_r(&tt, &tm);
    strftime(buf, n, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int db_info(const cli_opts *o, const char *dir)
{
    const char *format = o->format ? o->format : "table";
    if (strcmp(format, "table") != 0 && strcmp(format, "json") != 0) {
        fprintf(stderr, "moat db info: unknown format '%s' (want table, json)\n", format);
        return EXIT_USAGE;
    }
    vdb *db = NULL;
    if (open_or_say(dir, "info", &db))
        return 1;
    mt_arena a;
    mt_arena_init(&a);
    mt_vec srcs = {0};
    char err[2048];
    int n = vdb_sources(db, &a, &srcs, err, sizeof(err));
    int64_t updated = vdb_updated(db);
    vdb_close(db);
    if (n < 0) {
        fprintf(stderr, "moat db info: %s\n", err);
        mt_arena_free(&a);
        return 1;
    }
    int64_t now = (int64_t)time(NULL);
    long age_days = updated > 0 && now > updated ? (long)((now - updated) / 86400) : 0;
    int64_t recs = 0, ranges = 0;
    for (size_t i = 0; i < srcs.len; i++) {
        vdb_source *s = srcs.items[i];
        recs += s->records;
        ranges += s->ranges;
    }
    char ts[64];
    fmt_time(updated, ts, sizeof(ts));
    if (!strcmp(format, "json")) {
        json_t *doc = json_object(), *arr = json_array();
        json_object_set_new(doc, "path", json_sprintf("%s/%s", dir, VDB_FILE_NAME));
        json_object_set_new(doc, "schema_version", json_integer(VDB_SCHEMA_VERSION));
        json_object_set_new(doc, "updated", json_string(ts));
        json_object_set_new(doc, "age_days", json_integer(age_days));
        json_object_set_new(doc, "records", json_integer(recs));
        json_object_set_new(doc, "affected_ranges", json_integer(ranges));
        for (size_t i = 0; i < srcs.len; i++) {
            vdb_source *s = srcs.items[i];
            json_t *j = json_object();
            char t[64];
            fmt_time(s->updated, t, sizeof(t));
            json_object_set_new(j, "name", json_string(s->name));
            json_object_set_new(j, "origin", s->url ? json_string(s->url) : json_null());
            json_object_set_new(j, "updated", json_string(t));
            json_object_set_new(j, "records", json_integer(s->records));
            json_object_set_new(j, "affected_ranges", json_integer(s->ranges));
            json_object_set_new(j, "etag", s->etag ? json_string(s->etag) : json_null());
            json_array_append_new(arr, j);
        }
        json_object_set_new(doc, "sources", arr);
        json_dumpf(doc, stdout, JSON_INDENT(2) | JSON_PRESERVE_ORDER);
        fputs("\n", stdout);
        json_decref(doc);
    } else {
        printf("Database:  %s/%s (schema %d)\n", dir, VDB_FILE_NAME, VDB_SCHEMA_VERSION);
        printf("Updated:   %s (%ld day%s ago)\n", ts, age_days, age_days == 1 ? "" : "s");
        printf("Records:   %lld in %zu sources, %lld affected package ranges\n\n", (long long)recs,
               srcs.len, (long long)ranges);
        printf("%-36s %9s %9s  %-20s  %s\n", "SOURCE", "RECORDS", "RANGES", "UPDATED", "ORIGIN");
        for (size_t i = 0; i < srcs.len; i++) {
            vdb_source *s = srcs.items[i];
            char t[64];
            fmt_time(s->updated, t, sizeof(t));
            printf("%-36s %9lld %9lld  %-20s  %s\n", s->name, (long long)s->records, (long long)s->ranges,
                   t, s->url ? s->url : "-");
        }
    }
    mt_vec_free(&srcs);
    mt_arena_free(&a);
    return 0;
}

int cmd_db(int argc, char **argv)
{
    const cli_command *self = cli_command_find("db");
    cli_opts o;
    int rc = cli_parse(self, argc, argv, &o);
    if (rc)
        goto done;
    if (o.help || o.paths.len == 0) {
        cli_print_help(o.help ? stdout : stderr, self);
        rc = o.help ? 0 : EXIT_USAGE;
        goto done;
    }
    char *dir = vdb_cache_dir(o.cache_dir);
    ui u = {.show = !o.quiet && isatty(STDERR_FILENO), .quiet = o.quiet};
    const char *sub = o.paths.items[0];
    bool takes_paths = !strcmp(sub, "import") || !strcmp(sub, "export");
    if (!takes_paths && o.paths.len > 1) {
        fprintf(stderr, "moat db %s: unexpected argument '%s'\n", sub, (const char *)o.paths.items[1]);
        rc = EXIT_USAGE;
    } else if (!strcmp(sub, "update")) {
        rc = db_update(&o, dir, &u);
    } else if (!strcmp(sub, "import")) {
        rc = db_import(&o, dir, &u);
    } else if (!strcmp(sub, "export")) {
        rc = db_export(&o, dir);
    } else if (!strcmp(sub, "info")) {
        rc = db_info(&o, dir);
    } else {
        fprintf(stderr, "moat db: unknown subcommand '%s' (want update, import, export, info)\n", sub);
        rc = EXIT_USAGE;
    }
    free(dir);
done:
    cli_opts_free(&o);
    return rc;
}
