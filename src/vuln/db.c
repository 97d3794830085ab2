/* db.c — the SQLite vulnerability database (db.h; schema in docs/vulndb.md).
 *
 * Ranges and lists are stored as text with ASCII separators, which no
 * version string, ID or URL contains (values holding them are dropped at
 * import): a range is its type letter (E ecosystem, S semver, G git)
 * followed by its events, each US (0x1f) + kind letter (i introduced,
 * f fixed, l last_affected, x limit) + version; ranges are separated by RS
 * (0x1e). Lists (aliases, references, versions) are US-separated, and
 * severities are "type US score" items separated by RS. */
#include "vuln/db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <sqlite3.h>

#define US '\x1f'
#define RS '\x1e'

struct vdb {
    sqlite3 *db;
    char *live;   /* DIR/vuln.db */
    char *tmp;    /* the file being written by an update, or NULL */
    char *source; /* source being replaced, or NULL */
    int64_t nrec, nrange;
    sqlite3_stmt *put_vuln, *put_aff, *del_aff, *lookup;
};

static const char schema_sql[] =
    "CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS source(name TEXT PRIMARY KEY, url TEXT, etag TEXT,"
    " last_modified TEXT, updated INTEGER, records INTEGER, ranges INTEGER) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS vuln(source TEXT NOT NULL, id TEXT NOT NULL, modified TEXT,"
    " published TEXT, withdrawn TEXT, summary TEXT, details TEXT, severity TEXT,"
    " db_severity TEXT, aliases TEXT, refs TEXT, PRIMARY KEY(source, id)) WITHOUT ROWID;"
    "CREATE TABLE IF NOT EXISTS affected(source TEXT NOT NULL, vuln_id TEXT NOT NULL,"
    " eco_key TEXT NOT NULL, name_key TEXT NOT NULL, ecosystem TEXT, name TEXT, purl TEXT,"
    " ranges TEXT, versions TEXT, severity TEXT);"
    "CREATE INDEX IF NOT EXISTS affected_pkg ON affected(eco_key, name_key);"
    "CREATE INDEX IF NOT EXISTS affected_src ON affected(source, vuln_id);";

static int sqlfail(vdb *db, const char *what, char *err, size_t errlen)
{
    mt_seterr(err, errlen, "%s: %s: %s", db->tmp ? db->tmp : db->live, what, sqlite3_errmsg(db->db));
    return -1;
}

char *vdb_cache_dir(const char *flag)
{
    if (flag && *flag)
        return mt_xstrdup(flag);
    const char *e = getenv("MOAT_CACHE_DIR");
    if (e && *e)
        return mt_xstrdup(e);
    char buf[4096];
    e = getenv("XDG_CACHE_HOME");
    if (e && *e) {
        snprintf(buf, sizeof(buf), "%s/moat", e);
        return mt_xstrdup(buf);
    }
    e = getenv("HOME");
    snprintf(buf, sizeof(buf), "%s/.cache/moat", e && *e ? e : ".");
    return mt_xstrdup(buf);
}

static char *join_path(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = mt_xmalloc(n);
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static void vdb_free(vdb *db)
{
    if (!db)
        return;
    sqlite3_finalize(db->put_vuln);
    sqlite3_finalize(db->put_aff);
    sqlite3_finalize(db->del_aff);
    sqlite3_finalize(db->lookup);
    sqlite3_close(db->db);
    free(db->live);
    free(db->tmp);
    free(db->source);
    free(db);
}

void vdb_close(vdb *db)
{
    vdb_free(db);
}

static int meta_int(vdb *db, const char *key, int64_t *out)
{
    sqlite3_stmt *st = NULL;
    *out = 0;
    if (sqlite3_prepare_v2(db->db, "SELECT value FROM meta WHERE key = ?", -1, &st, NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW)
        *out = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return rc == SQLITE_ROW ? 0 : rc == SQLITE_DONE ? 1 : -1;
}

static int meta_set(vdb *db, const char *key, int64_t v)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->db, "INSERT OR REPLACE INTO meta(key, value) VALUES(?, ?)", -1, &st,
                           NULL) != SQLITE_OK)
        return -1;
    sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
    sqlite3_bind_int64(st, 2, v);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    return rc == SQLITE_DONE ? 0 : -1;
}

/* The schema version of an opened file: refuses newer ones. */
static int check_schema(vdb *db, const char *path, char *err, size_t errlen)
{
    int64_t v = 0;
    int rc = meta_int(db, "schema_version", &v);
    if (rc < 0) {
        mt_seterr(err, errlen, "%s: not a moat vulnerability database (%s)", path, sqlite3_errmsg(db->db));
        return -1;
    }
    if (rc == 1 || v < 1) {
        mt_seterr(err, errlen, "%s: not a moat vulnerability database (no schema version)", path);
        return -1;
    }
    if (v > VDB_SCHEMA_VERSION) {
        mt_seterr(err, errlen,
               "%s: database schema %lld is newer than this moat understands (%d): upgrade moat or run 'moat db update'",
               path, (long long)v, VDB_SCHEMA_VERSION);
        return -1;
    }
    return 0;
}

int vdb_open(const char *dir, vdb **out, char *err, size_t errlen)
{
    *out = NULL;
    vdb *db = mt_xcalloc(1, sizeof(*db));
    db->live = join_path(dir, VDB_FILE_NAME);
    struct stat sb;
    if (stat(db->live, &sb) != 0) {
        int e = errno;
        if (e == ENOENT) {
            vdb_free(db);
            return 1;
        }
        mt_seterr(err, errlen, "%s: %s", db->live, strerror(e));
        vdb_free(db);
        return -1;
    }
    /* The live file is only ever replaced by rename(), never written in
     * place, so it can be opened immutable: no locks, no journal probe. */
    char *uri = sqlite3_mprintf("file:%s?mode=ro&immutable=1", db->live);
    int rc = sqlite3_open_v2(uri, &db->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
    sqlite3_free(uri);
    if (rc != SQLITE_OK || check_schema(db, db->live, err, errlen) != 0) {
        if (rc != SQLITE_OK)
            mt_seterr(err, errlen, "%s: %s", db->live, sqlite3_errmsg(db->db));
        vdb_free(db);
        return -1;
    }
    *out = db;
    return 0;
}

static int mkdirs(const char *dir)
{
    char buf[4096];
    size_t n = strlen(dir);
    if (n == 0 || n >= sizeof(buf))
        return -1;
    memcpy(buf, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (buf[i] == '/' || buf[i] == '\0') {
            char c = buf[i];
            buf[i] = '\0';
            if (mkdir(buf, 0755) != 0 && errno != EEXIST)
                return -1;
            buf[i] = c;
        }
    }
    return 0;
}

int vdb_begin_update(const char *dir, bool fresh, vdb **out, char *err, size_t errlen)
{
    *out = NULL;
    if (mkdirs(dir) != 0) {
        mt_seterr(err, errlen, "%s: cannot create the directory: %s", dir, strerror(errno));
        return -1;
    }
    vdb *db = mt_xcalloc(1, sizeof(*db));
    db->live = join_path(dir, VDB_FILE_NAME);
    char name[64];
    snprintf(name, sizeof(name), VDB_FILE_NAME ".tmp-%ld", (long)getpid());
    db->tmp = join_path(dir, name);
    unlink(db->tmp);
    if (sqlite3_open_v2(db->tmp, &db->db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL) != SQLITE_OK) {
        sqlfail(db, "cannot create", err, errlen);
        vdb_abort_update(db);
        return -1;
    }
    struct stat sb;
    if (!fresh && stat(db->live, &sb) == 0) {
        /* Start from a consistent copy of the live database. */
        sqlite3 *src = NULL;
        char *uri = sqlite3_mprintf("file:%s?mode=ro", db->live);
        int rc = sqlite3_open_v2(uri, &src, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
        sqlite3_free(uri);
        sqlite3_backup *b = rc == SQLITE_OK ? sqlite3_backup_init(db->db, "main", src, "main") : NULL;
        if (b) {
            rc = sqlite3_backup_step(b, -1);
            sqlite3_backup_finish(b);
        }
        if (!b || rc != SQLITE_DONE) {
            mt_seterr(err, errlen, "%s: cannot copy the database: %s", db->live,
                   src ? sqlite3_errmsg(src) : "out of memory");
            sqlite3_close(src);
            vdb_abort_update(db);
            return -1;
        }
        sqlite3_close(src);
        if (check_schema(db, db->live, err, errlen) != 0) {
            vdb_abort_update(db);
            return -1;
        }
    }
    /* The temporary file is private until the rename: no journal needed;
     * a crash leaves only a file the next update removes. */
    if (sqlite3_exec(db->db,
                     "PRAGMA journal_mode=OFF; PRAGMA synchronous=OFF; PRAGMA cache_size=-65536;",
                     NULL, NULL, NULL) != SQLITE_OK ||
        sqlite3_exec(db->db, schema_sql, NULL, NULL, NULL) != SQLITE_OK) {
        sqlfail(db, "cannot create the schema", err, errlen);
        vdb_abort_update(db);
        return -1;
    }
    int64_t created = 0;
    if (meta_int(db, "created", &created) != 0)
        meta_set(db, "created", (int64_t)time(NULL));
    if (meta_set(db, "schema_version", VDB_SCHEMA_VERSION) != 0) {
        sqlfail(db, "cannot write", err, errlen);
        vdb_abort_update(db);
        return -1;
    }
    *out = db;
    return 0;
}

void vdb_abort_update(vdb *db)
{
    if (!db)
        return;
    if (db->source)
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    char *tmp = db->tmp ? mt_xstrdup(db->tmp) : NULL;
    vdb_free(db);
    if (tmp) {
        unlink(tmp);
        free(tmp);
    }
}

static int fsync_path(const char *path, bool dir)
{
    int fd = open(path, (dir ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC);
    if (fd < 0)
        return -1;
    int rc = fsync(fd);
    close(fd);
    return rc;
}

int vdb_commit_update(vdb *db, char *err, size_t errlen)
{
    if (db->source) {
        mt_seterr(err, errlen, "%s: source %s was not finished", db->tmp, db->source);
        vdb_abort_update(db);
        return -1;
    }
    if (meta_set(db, "updated", (int64_t)time(NULL)) != 0) {
        sqlfail(db, "cannot write", err, errlen);
        vdb_abort_update(db);
        return -1;
    }
    sqlite3_stmt *st = NULL;
    bool ok = false;
    if (sqlite3_prepare_v2(db->db, "PRAGMA quick_check", -1, &st, NULL) == SQLITE_OK &&
        sqlite3_step(st) == SQLITE_ROW) {
        const unsigned char *v = sqlite3_column_text(st, 0);
        ok = v && strcmp((const char *)v, "ok") == 0;
    }
    sqlite3_finalize(st);
    if (!ok) {
        sqlfail(db, "integrity check failed", err, errlen);
        vdb_abort_update(db);
        return -1;
    }
    char *tmp = mt_xstrdup(db->tmp), *live = mt_xstrdup(db->live);
    free(db->tmp);
    db->tmp = NULL;
    vdb_free(db); /* closes the connection: everything is on disk */
    int rc = 0;
    if (fsync_path(tmp, false) != 0 || rename(tmp, live) != 0) {
        mt_seterr(err, errlen, "%s: cannot replace the database: %s", live, strerror(errno));
        unlink(tmp);
        rc = -1;
    } else {
        char *slash = strrchr(live, '/');
        if (slash) {
            *slash = '\0';
            fsync_path(live, true);
        }
    }
    free(tmp);
    free(live);
    return rc;
}

static int prep(vdb *db, sqlite3_stmt **st, const char *sql, char *err, size_t errlen)
{
    if (*st) {
        sqlite3_reset(*st);
        sqlite3_clear_bindings(*st);
        return 0;
    }
    if (sqlite3_prepare_v2(db->db, sql, -1, st, NULL) != SQLITE_OK)
        return sqlfail(db, "cannot prepare a statement", err, errlen);
    return 0;
}

int vdb_source_begin(vdb *db, const char *name, char *err, size_t errlen)
{
    if (!db->tmp || db->source) {
        mt_seterr(err, errlen, "vdb_source_begin: no update in progress or a source is open");
        return -1;
    }
    if (sqlite3_exec(db->db, "BEGIN", NULL, NULL, NULL) != SQLITE_OK)
        return sqlfail(db, "BEGIN", err, errlen);
    db->source = mt_xstrdup(name);
    db->nrec = db->nrange = 0;
    static const char *const dels[] = {"DELETE FROM affected WHERE source = ?",
                                       "DELETE FROM vuln WHERE source = ?",
                                       "DELETE FROM source WHERE name = ?"};
    for (size_t i = 0; i < MT_ARRAY_LEN(dels); i++) {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db->db, dels[i], -1, &st, NULL) != SQLITE_OK)
            return sqlfail(db, "cannot prepare a statement", err, errlen);
        sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
        int rc = sqlite3_step(st);
        sqlite3_finalize(st);
        if (rc != SQLITE_DONE)
            return sqlfail(db, "cannot delete the old records", err, errlen);
    }
    return 0;
}

static bool clean(const char *s)
{
    for (; s && *s; s++)
        if (*s == US || *s == RS)
            return false;
    return true;
}

static void put_list(mt_buf *b, char *const *items, size_t n)
{
    mt_buf_clear(b);
    for (size_t i = 0; i < n; i++) {
        if (!items[i] || !clean(items[i]))
            continue;
        if (b->len)
            mt_buf_putc(b, US);
        mt_buf_puts(b, items[i]);
    }
}

static void bind_text_or_null(sqlite3_stmt *st, int i, const char *s)
{
    if (s)
        sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
    else
        sqlite3_bind_null(st, i);
}

static const char kind_letter[] = {'i', 'f', 'l', 'x'};

/* Encodes the ranges of a; false when nothing matchable remains. */
static bool encode_ranges(mt_buf *b, const vr_affected *af)
{
    mt_buf_clear(b);
    bool any = false;
    for (size_t i = 0; i < af->nranges; i++) {
        const vr_range *r = &af->ranges[i];
        if (r->type == VR_RANGE_GIT || r->nevents == 0)
            continue;
        if (b->len)
            mt_buf_putc(b, RS);
        mt_buf_putc(b, r->type == VR_RANGE_SEMVER ? 'S' : 'E');
        for (size_t k = 0; k < r->nevents; k++) {
            const vr_event *e = &r->events[k];
            if (!e->version || !clean(e->version) || (unsigned)e->kind > VR_EV_LIMIT)
                continue;
            mt_buf_putc(b, US);
            mt_buf_putc(b, kind_letter[e->kind]);
            mt_buf_puts(b, e->version);
            any = true;
        }
    }
    return any;
}

int vdb_put(vdb *db, const vr_record *r, char *err, size_t errlen)
{
    if (!db->source) {
        mt_seterr(err, errlen, "vdb_put: no source open");
        return -1;
    }
    if (!r->id || !*r->id || !clean(r->id))
        return 1;
    mt_arena a;
    mt_arena_init(&a);
    mt_buf b1, b2;
    mt_buf_init(&b1);
    mt_buf_init(&b2);
    int ret = 1;
    /* A record ID seen twice in one source: the later copy wins. */
    if (prep(db, &db->del_aff, "DELETE FROM affected WHERE source = ? AND vuln_id = ?", err, errlen) != 0)
        goto fail;
    sqlite3_bind_text(db->del_aff, 1, db->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(db->del_aff, 2, r->id, -1, SQLITE_STATIC);
    if (sqlite3_step(db->del_aff) != SQLITE_DONE) {
        sqlfail(db, "cannot delete", err, errlen);
        goto fail;
    }
    if (prep(db, &db->put_aff,
             "INSERT INTO affected(source, vuln_id, eco_key, name_key, ecosystem, name, purl, ranges,"
             " versions, severity) VALUES(?,?,?,?,?,?,?,?,?,?)",
             err, errlen) != 0)
        goto fail;
    size_t nput = 0;
    for (size_t i = 0; i < r->naffected; i++) {
        const vr_affected *af = &r->affected[i];
        if (!af->ecosystem || !af->name || !clean(af->ecosystem) || !clean(af->name))
            continue;
        bool have_ranges = encode_ranges(&b1, af);
        put_list(&b2, af->versions, af->nversions);
        if (!have_ranges && b2.len == 0)
            continue;
        char *eco = vdb_ecosystem_key(&a, af->ecosystem);
        char *nk = vdb_name_key(&a, eco, af->name);
        sqlite3_stmt *st = db->put_aff;
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
        sqlite3_bind_text(st, 1, db->source, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, r->id, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, eco, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 4, nk, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 5, af->ecosystem, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 6, af->name, -1, SQLITE_STATIC);
        bind_text_or_null(st, 7, af->purl);
        if (have_ranges)
            sqlite3_bind_text(st, 8, b1.data, (int)b1.len, SQLITE_STATIC);
        if (b2.len)
            sqlite3_bind_text(st, 9, b2.data, (int)b2.len, SQLITE_STATIC);
        bind_text_or_null(st, 10, af->severity && clean(af->severity) ? af->severity : NULL);
        if (sqlite3_step(st) != SQLITE_DONE) {
            sqlfail(db, "cannot insert", err, errlen);
            goto fail;
        }
        nput++;
    }
    if (prep(db, &db->put_vuln,
             "INSERT OR REPLACE INTO vuln(source, id, modified, published, withdrawn, summary, details,"
             " severity, db_severity, aliases, refs) VALUES(?,?,?,?,?,?,?,?,?,?,?)",
             err, errlen) != 0)
        goto fail;
    sqlite3_stmt *st = db->put_vuln;
    sqlite3_bind_text(st, 1, db->source, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, r->id, -1, SQLITE_STATIC);
    bind_text_or_null(st, 3, r->modified);
    bind_text_or_null(st, 4, r->published);
    bind_text_or_null(st, 5, r->withdrawn);
    bind_text_or_null(st, 6, r->summary);
    bind_text_or_null(st, 7, r->details);
    mt_buf_clear(&b1);
    for (size_t i = 0; i < r->nseverity; i++) {
        const vr_severity *s = &r->severity[i];
        if (!s->type || !s->score || !clean(s->type) || !clean(s->score))
            continue;
        if (b1.len)
            mt_buf_putc(&b1, RS);
        mt_buf_puts(&b1, s->type);
        mt_buf_putc(&b1, US);
        mt_buf_puts(&b1, s->score);
    }
    if (b1.len)
        sqlite3_bind_text(st, 8, b1.data, (int)b1.len, SQLITE_TRANSIENT);
    bind_text_or_null(st, 9, r->db_severity);
    put_list(&b2, r->aliases, r->naliases);
    if (b2.len)
        sqlite3_bind_text(st, 10, b2.data, (int)b2.len, SQLITE_TRANSIENT);
    put_list(&b2, r->references, r->nreferences);
    if (b2.len)
        sqlite3_bind_text(st, 11, b2.data, (int)b2.len, SQLITE_TRANSIENT);
    if (sqlite3_step(st) != SQLITE_DONE) {
        sqlfail(db, "cannot insert", err, errlen);
        goto fail;
    }
    db->nrec++;
    db->nrange += (int64_t)nput;
    ret = nput ? 0 : 1;
    goto out;
fail:
    ret = -1;
out:
    mt_buf_free(&b1);
    mt_buf_free(&b2);
    mt_arena_free(&a);
    return ret;
}

int vdb_source_end(vdb *db, const char *url, const char *etag, const char *last_modified, char *err,
                   size_t errlen)
{
    if (!db->source) {
        mt_seterr(err, errlen, "vdb_source_end: no source open");
        return -1;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->db,
                           "INSERT OR REPLACE INTO source(name, url, etag, last_modified, updated,"
                           " records, ranges) VALUES(?,?,?,?,?,?,?)",
                           -1, &st, NULL) != SQLITE_OK)
        return sqlfail(db, "cannot prepare a statement", err, errlen);
    sqlite3_bind_text(st, 1, db->source, -1, SQLITE_STATIC);
    bind_text_or_null(st, 2, url);
    bind_text_or_null(st, 3, etag);
    bind_text_or_null(st, 4, last_modified);
    sqlite3_bind_int64(st, 5, (int64_t)time(NULL));
    sqlite3_bind_int64(st, 6, db->nrec);
    sqlite3_bind_int64(st, 7, db->nrange);
    int rc = sqlite3_step(st);
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sqlfail(db, "cannot record the source", err, errlen);
    if (sqlite3_exec(db->db, "COMMIT", NULL, NULL, NULL) != SQLITE_OK)
        return sqlfail(db, "COMMIT", err, errlen);
    free(db->source);
    db->source = NULL;
    return 0;
}

int vdb_merge_file(vdb *db, const char *path, char *err, size_t errlen)
{
    if (!db->tmp || db->source) {
        mt_seterr(err, errlen, "vdb_merge_file: no update in progress");
        return -1;
    }
    /* Check the file on its own connection first: a clear message for a
     * file that is not a moat database. */
    {
        vdb probe = {0};
        char *uri = sqlite3_mprintf("file:%s?mode=ro", path);
        int rc = sqlite3_open_v2(uri, &probe.db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
        sqlite3_free(uri);
        probe.live = (char *)path;
        int bad = rc != SQLITE_OK ? -1 : check_schema(&probe, path, err, errlen);
        if (rc != SQLITE_OK)
            mt_seterr(err, errlen, "%s: %s", path, sqlite3_errmsg(probe.db));
        sqlite3_close(probe.db);
        if (bad)
            return -1;
    }
    char *sql = sqlite3_mprintf("ATTACH DATABASE %Q AS other", path);
    int rc = sqlite3_exec(db->db, sql, NULL, NULL, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK)
        return sqlfail(db, "cannot attach the file", err, errlen);
    int n = -1;
    if (sqlite3_exec(db->db,
                     "BEGIN;"
                     "DELETE FROM affected WHERE source IN (SELECT name FROM other.source);"
                     "DELETE FROM vuln WHERE source IN (SELECT name FROM other.source);"
                     "DELETE FROM source WHERE name IN (SELECT name FROM other.source);"
                     "INSERT INTO source SELECT name, url, etag, last_modified, updated, records, ranges FROM other.source;"
                     "INSERT INTO vuln SELECT source, id, modified, published, withdrawn, summary, details,"
                     " severity, db_severity, aliases, refs FROM other.vuln;"
                     "INSERT INTO affected SELECT source, vuln_id, eco_key, name_key, ecosystem, name, purl,"
                     " ranges, versions, severity FROM other.affected;"
                     "COMMIT;",
                     NULL, NULL, NULL) != SQLITE_OK) {
        sqlfail(db, "cannot copy the records", err, errlen);
        sqlite3_exec(db->db, "ROLLBACK", NULL, NULL, NULL);
    } else {
        sqlite3_stmt *st = NULL;
        if (sqlite3_prepare_v2(db->db, "SELECT count(*) FROM other.source", -1, &st, NULL) == SQLITE_OK &&
            sqlite3_step(st) == SQLITE_ROW)
            n = sqlite3_column_int(st, 0);
        sqlite3_finalize(st);
    }
    sqlite3_exec(db->db, "DETACH DATABASE other", NULL, NULL, NULL);
    return n;
}

int vdb_export(vdb *db, const char *path, char *err, size_t errlen)
{
    struct stat sb;
    if (stat(path, &sb) == 0) {
        mt_seterr(err, errlen, "%s: already exists", path);
        return -1;
    }
    char *sql = sqlite3_mprintf("VACUUM INTO %Q", path);
    int rc = sqlite3_exec(db->db, sql, NULL, NULL, NULL);
    sqlite3_free(sql);
    if (rc != SQLITE_OK) {
        mt_seterr(err, errlen, "%s: cannot export: %s", path, sqlite3_errmsg(db->db));
        unlink(path);
        return -1;
    }
    return 0;
}

static char *col_dup(mt_arena *a, sqlite3_stmt *st, int i)
{
    const unsigned char *s = sqlite3_column_text(st, i);
    return s ? mt_arena_strndup(a, (const char *)s, (size_t)sqlite3_column_bytes(st, i)) : NULL;
}

int vdb_sources(vdb *db, mt_arena *a, mt_vec *out, char *err, size_t errlen)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db->db,
                           "SELECT name, url, etag, last_modified, updated, records, ranges FROM source"
                           " ORDER BY name",
                           -1, &st, NULL) != SQLITE_OK)
        return sqlfail(db, "cannot list sources", err, errlen);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        vdb_source *s = mt_arena_alloc(a, sizeof(*s));
        s->name = col_dup(a, st, 0);
        s->url = col_dup(a, st, 1);
        s->etag = col_dup(a, st, 2);
        s->last_modified = col_dup(a, st, 3);
        s->updated = sqlite3_column_int64(st, 4);
        s->records = sqlite3_column_int64(st, 5);
        s->ranges = sqlite3_column_int64(st, 6);
        mt_vec_push(out, s);
        n++;
    }
    sqlite3_finalize(st);
    if (rc != SQLITE_DONE)
        return sqlfail(db, "cannot list sources", err, errlen);
    return n;
}

int64_t vdb_updated(vdb *db)
{
    int64_t v = 0;
    meta_int(db, "updated", &v);
    return v;
}

char *vdb_ecosystem_key(mt_arena *a, const char *ecosystem)
{
    size_t n = strlen(ecosystem);
    char *k = mt_arena_strndup(a, ecosystem, n);
    for (size_t i = 0; i < n; i++)
        if (k[i] >= 'A' && k[i] <= 'Z')
            k[i] = (char)(k[i] - 'A' + 'a');
    /* Ubuntu marks long-term releases ("Ubuntu:22.04:LTS"); the release
     * number alone identifies them. */
    if (n > 4 && strcmp(k + n - 4, ":lts") == 0)
        k[n - 4] = '\0';
    return k;
}

char *vdb_name_key(mt_arena *a, const char *eco_key, const char *name)
{
    if (strcmp(eco_key, "pypi") == 0) {
        /* PEP 503: lowercase, runs of '-', '_' and '.' become one '-'. */
        size_t n = strlen(name);
        char *k = mt_arena_alloc(a, n + 1), *o = k;
        for (size_t i = 0; i < n; i++) {
            char c = name[i];
            if (c == '-' || c == '_' || c == '.') {
                if (o == k || o[-1] != '-')
                    *o++ = '-';
                continue;
            }
            *o++ = (c >= 'A' && c <= 'Z') ? (char)(c - 'A' + 'a') : c;
        }
        *o = '\0';
        return k;
    }
    if (strcmp(eco_key, "nuget") == 0 || strcmp(eco_key, "packagist") == 0) {
        char *k = mt_arena_strdup(a, name);
        for (char *p = k; *p; p++)
            if (*p >= 'A' && *p <= 'Z')
                *p = (char)(*p - 'A' + 'a');
        return k;
    }
    return mt_arena_strdup(a, name);
}

/* Splits s at sep into arena strings. */
static char **split(mt_arena *a, const char *s, char sep, size_t *n)
{
    *n = 0;
    if (!s || !*s)
        return NULL;
    size_t cnt = 1;
    for (const char *p = s; *p; p++)
        cnt += *p == sep;
    char **v = mt_arena_alloc(a, cnt * sizeof(char *));
    const char *start = s;
    for (const char *p = s;; p++) {
        if (*p == sep || *p == '\0') {
            v[(*n)++] = mt_arena_strndup(a, start, (size_t)(p - start));
            if (!*p)
                break;
            start = p + 1;
        }
    }
    return v;
}

static void decode_ranges(mt_arena *a, const char *s, vr_affected *af)
{
    size_t nr = 0;
    char **rs = split(a, s, RS, &nr);
    af->ranges = nr ? mt_arena_alloc(a, nr * sizeof(vr_range)) : NULL;
    af->nranges = 0;
    for (size_t i = 0; i < nr; i++) {
        size_t ne = 0;
        char **ev = split(a, rs[i], US, &ne);
        if (ne == 0)
            continue;
        vr_range *r = &af->ranges[af->nranges++];
        r->type = ev[0][0] == 'S' ? VR_RANGE_SEMVER : VR_RANGE_ECOSYSTEM;
        r->events = ne > 1 ? mt_arena_alloc(a, (ne - 1) * sizeof(vr_event)) : NULL;
        for (size_t k = 1; k < ne; k++) {
            const char *e = ev[k];
            vr_event *out = &r->events[r->nevents];
            switch (e[0]) {
            case 'i': out->kind = VR_EV_INTRODUCED; break;
            case 'f': out->kind = VR_EV_FIXED; break;
            case 'l': out->kind = VR_EV_LAST_AFFECTED; break;
            case 'x': out->kind = VR_EV_LIMIT; break;
            default: continue;
            }
            out->version = (char *)e + 1;
            r->nevents++;
        }
    }
}

int vdb_lookup(vdb *db, mt_arena *a, const char *eco_key, const char *name_key, mt_vec *out,
               char *err, size_t errlen)
{
    if (prep(db, &db->lookup,
             "SELECT a.source, a.vuln_id, a.ecosystem, a.name, a.purl, a.ranges, a.versions, a.severity,"
             " v.modified, v.published, v.summary, v.details, v.severity, v.db_severity, v.aliases, v.refs"
             " FROM affected a JOIN vuln v ON v.source = a.source AND v.id = a.vuln_id"
             " WHERE a.eco_key = ? AND a.name_key = ? AND v.withdrawn IS NULL"
             " ORDER BY a.vuln_id, a.source",
             err, errlen) != 0)
        return -1;
    sqlite3_stmt *st = db->lookup;
    sqlite3_bind_text(st, 1, eco_key, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, name_key, -1, SQLITE_STATIC);
    int n = 0, rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        vdb_hit *h = mt_arena_alloc(a, sizeof(*h));
        vr_record *r = mt_arena_alloc(a, sizeof(*r));
        h->record = r;
        h->source = col_dup(a, st, 0);
        r->id = col_dup(a, st, 1);
        vr_affected *af = mt_arena_alloc(a, sizeof(*af));
        r->affected = af;
        r->naffected = 1;
        af->ecosystem = col_dup(a, st, 2);
        af->name = col_dup(a, st, 3);
        af->purl = col_dup(a, st, 4);
        decode_ranges(a, (const char *)sqlite3_column_text(st, 5), af);
        af->versions = split(a, (const char *)sqlite3_column_text(st, 6), US, &af->nversions);
        af->severity = col_dup(a, st, 7);
        r->modified = col_dup(a, st, 8);
        r->published = col_dup(a, st, 9);
        r->summary = col_dup(a, st, 10);
        r->details = col_dup(a, st, 11);
        size_t ns = 0;
        char **sv = split(a, (const char *)sqlite3_column_text(st, 12), RS, &ns);
        r->severity = ns ? mt_arena_alloc(a, ns * sizeof(vr_severity)) : NULL;
        for (size_t i = 0; i < ns; i++) {
            char *us = strchr(sv[i], US);
            if (!us)
                continue;
            *us = '\0';
            r->severity[r->nseverity].type = sv[i];
            r->severity[r->nseverity++].score = us + 1;
        }
        r->db_severity = col_dup(a, st, 13);
        r->aliases = split(a, (const char *)sqlite3_column_text(st, 14), US, &r->naliases);
        r->references = split(a, (const char *)sqlite3_column_text(st, 15), US, &r->nreferences);
        mt_vec_push(out, h);
        n++;
    }
    if (rc != SQLITE_DONE)
        return sqlfail(db, "lookup failed", err, errlen);
    return n;
}
