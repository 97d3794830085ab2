/* rpm.c — the rpm package databases (sqlite, Berkeley DB hash, ndb) and the
 * rpm header blobs they hold; see rpm.h for what is listed and how.
 *
 * Every number read from a file is untrusted: each offset, count and
 * length is checked against the bytes actually present before use, all
 * loops are bounded by the input size, and the work is linear in it (each
 * Berkeley DB overflow page serves one value; header entries may not
 * overlap, as rpm requires, so strings are scanned once).
 *
 * Format facts used (rpm 4.18 and Berkeley DB 5.3 on-disk formats):
 * - Header blob: be32 il, be32 dl, il entries of 16 bytes (be32 tag, type,
 *   offset, count), then dl bytes of data. A first entry tagged 61, 62 or
 *   63 is a region whose 16-byte trailer lies in the data; rpm's checks
 *   (hdrblobVerifyRegion/Info) are applied to every other entry: tag >= 100,
 *   type 1..9, 1 <= count <= dl, aligned offset within the data, arrays of
 *   at most 0xfffff items, the data fitting and not overlapping the previous
 *   entry's.
 * - Berkeley DB: page 0 is the metadata page (magic 0x061561 at 12, hash
 *   version at 16, page size at 20, encryption at 24, last page at 32), in
 *   the byte order of the machine that wrote it. Every page has a 26-byte
 *   header (page number at 8, next page at 16, item count at 20, free-space
 *   offset at 22 — the data length on overflow pages —, type at 25), 32
 *   bytes when the metadata flags (byte 26) say pages have checksums (not
 *   verified here), and then, on hash pages (types 2 and 13), a table of
 *   16-bit item offsets:
 *   key/value pairs whose items run from their offset to the previous
 *   item's (or the page end). An item starts with its type: 1 data inline,
 *   3 on overflow pages (type 7; then page number and total length).
 * - ndb (Packages.db, little-endian): "RpmP", version 0, generation, slot
 *   page count, next package index; slots of 16 bytes ("Slot", package
 *   index, block offset, block count; 16-byte blocks) fill the slot pages
 *   after the 32-byte file header; a blob is "BlbS", package index,
 *   generation, length, the header, zero padding to the block, then
 *   adler32, length, "BlbE" in the block's last 12 bytes.
 */
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "pkg/pkg_internal.h"
#include "pkg/rpm.h"

/* ---- bytes ---- */

static uint32_t be32(const unsigned char *p)
{
    return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static uint32_t le32(const unsigned char *p)
{
    return (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint16_t be16(const unsigned char *p)
{
    return (uint16_t)(p[0] << 8 | p[1]);
}

static uint16_t le16(const unsigned char *p)
{
    return (uint16_t)(p[1] << 8 | p[0]);
}

/* ---- header blobs ---- */

enum {
    TAG_HEADERIMAGE = 61,
    TAG_HEADERSIGNATURES = 62,
    TAG_HEADERIMMUTABLE = 63,
    TAG_I18NTABLE = 100,
    TAG_NAME = 1000,
    TAG_VERSION = 1001,
    TAG_RELEASE = 1002,
    TAG_EPOCH = 1003,
    TAG_LICENSE = 1014,
    TAG_ARCH = 1022,
    TAG_SOURCERPM = 1044,
};

enum {
    T_CHAR = 1,
    T_INT8 = 2,
    T_INT16 = 3,
    T_INT32 = 4,
    T_INT64 = 5,
    T_STRING = 6,
    T_BIN = 7,
    T_STRING_ARRAY = 8,
    T_I18NSTRING = 9,
};

#define HDR_TAGS_MAX 0xffffu
#define HDR_DATA_MAX 0x0fffffffu
#define HDR_ARRAY_MAX 0xfffffu
#define HDR_ENTRY 16u

/* The fields read from a header: pointers into the blob. */
enum { H_NAME, H_VERSION, H_RELEASE, H_LICENSE, H_ARCH, H_SOURCERPM, H_NSTR };

static const uint32_t str_tags[H_NSTR] = {TAG_NAME,    TAG_VERSION, TAG_RELEASE,
                                          TAG_LICENSE, TAG_ARCH,    TAG_SOURCERPM};

typedef struct {
    const char *s[H_NSTR];
    size_t n[H_NSTR];
    bool has_epoch;
    uint32_t epoch;
} hdr_fields;

/* Length of `count` NUL-terminated strings at [p, end), NULs included;
 * 0 when they do not all end before `end`. */
static size_t strings_len(const unsigned char *p, const unsigned char *end, uint32_t count)
{
    const unsigned char *s = p;
    for (uint32_t i = 0; i < count; i++) {
        const unsigned char *nul = memchr(s, 0, (size_t)(end - s));
        if (!nul)
            return 0;
        s = nul + 1;
    }
    return (size_t)(s - p);
}

/* Size in bytes of one item of a fixed-size type; 0 for string types. */
static uint32_t type_size(uint32_t type)
{
    switch (type) {
    case T_CHAR:
    case T_INT8:
    case T_BIN:
        return 1;
    case T_INT16:
        return 2;
    case T_INT32:
        return 4;
    case T_INT64:
        return 8;
    default:
        return 0;
    }
}

/* Checks the region entry (first entry, tag 61/62/63) and its trailer as
 * rpm does; sets *rdl to the end of the region data. */
static const char *check_region(const unsigned char *idx, uint32_t il, const unsigned char *ds,
                                uint32_t dl, uint32_t *rdl)
{
    uint32_t tag = be32(idx), type = be32(idx + 4), off = be32(idx + 8), count = be32(idx + 12);
    if (type != T_BIN || count != HDR_ENTRY)
        return "header region entry has a bad type or size";
    if (off > dl || dl - off < HDR_ENTRY)
        return "header region trailer lies outside the data store";
    const unsigned char *t = ds + off;
    uint32_t ttag = be32(t), ttype = be32(t + 4), tcount = be32(t + 12);
    uint32_t toff = 0u - be32(t + 8); /* stored negated */
    if (tag == TAG_HEADERSIGNATURES && ttag == TAG_HEADERIMAGE)
        ttag = TAG_HEADERSIGNATURES; /* old packages, as rpm tolerates */
    if (ttag != tag || ttype != T_BIN || tcount != HDR_ENTRY)
        return "header region trailer is malformed";
    if (toff % HDR_ENTRY || toff / HDR_ENTRY > il)
        return "header region is larger than the header";
    *rdl = off + HDR_ENTRY;
    return NULL;
}

/* Validates the blob's layout and collects the fields; NULL or why not. */
static const char *hdr_scan(const unsigned char *b, size_t len, hdr_fields *f)
{
    memset(f, 0, sizeof(*f));
    if (!b || len < 8)
        return "header blob is shorter than its 8-byte preamble";
    uint32_t il = be32(b), dl = be32(b + 4);
    if (il < 1 || il > HDR_TAGS_MAX)
        return "header index count is out of range";
    if (dl > HDR_DATA_MAX)
        return "header data store is too large";
    if ((size_t)il * HDR_ENTRY + dl != len - 8)
        return "header blob length does not match its index count and data length";
    const unsigned char *idx = b + 8;
    const unsigned char *ds = idx + (size_t)il * HDR_ENTRY;
    const unsigned char *dend = ds + dl;

    uint32_t first = 0, rdl = 0;
    bool region = false;
    uint32_t tag0 = be32(idx);
    if (tag0 == TAG_HEADERIMAGE || tag0 == TAG_HEADERSIGNATURES || tag0 == TAG_HEADERIMMUTABLE) {
        const char *why = check_region(idx, il, ds, dl, &rdl);
        if (why)
            return why;
        region = true;
        first = 1;
    }
    uint32_t end = 0;
    bool seen_epoch = false;
    for (uint32_t i = first; i < il; i++) {
        const unsigned char *e = idx + (size_t)i * HDR_ENTRY;
        uint32_t tag = be32(e), type = be32(e + 4), off = be32(e + 8), count = be32(e + 12);
        if (end > off)
            return "header entries overlap";
        if (tag < TAG_I18NTABLE)
            return "header entry has a reserved tag";
        if (type < T_CHAR || type > T_I18NSTRING)
            return "header entry has an unknown type";
        if (count < 1 || count > dl)
            return "header entry count is out of range";
        uint32_t sz = type_size(type);
        if (sz > 1 && off % sz)
            return "header entry is misaligned";
        if (off > dl)
            return "header entry points outside the data store";
        if (type != T_BIN && count > HDR_ARRAY_MAX)
            return "header entry array is too long";
        size_t n;
        if (sz) {
            n = (size_t)sz * count;
            if (n > dl - off)
                return "header entry data runs past the data store";
        } else {
            if (type == T_STRING && count != 1)
                return "header string entry has a count other than 1";
            n = strings_len(ds + off, dend, count);
            if (n == 0)
                return "header string runs past the data store";
        }
        end = off + (uint32_t)n;
        if (region && end > rdl - HDR_ENTRY && off < rdl)
            return "header entry overlaps the region trailer";

        if (tag == TAG_EPOCH) {
            if (type != T_INT32)
                return "EPOCH is not a 32-bit integer";
            if (!seen_epoch) {
                f->epoch = be32(ds + off);
                f->has_epoch = seen_epoch = true;
            }
            continue;
        }
        for (int k = 0; k < H_NSTR; k++) {
            if (tag != str_tags[k])
                continue;
            if (type != T_STRING && type != T_STRING_ARRAY && type != T_I18NSTRING)
                return "a string tag (NAME, VERSION, ...) has a non-string type";
            if (!f->s[k]) {
                /* the first string (the C locale one for I18N strings) */
                f->s[k] = (const char *)(ds + off);
                f->n[k] = strlen(f->s[k]);
            }
            break;
        }
    }
    return NULL;
}

/* Index of the last '-' in s[0, n), or n when there is none. */
static size_t last_dash(const char *s, size_t n)
{
    for (size_t i = n; i > 0; i--) {
        if (s[i - 1] == '-')
            return i - 1;
    }
    return n;
}

/* Splits "NAME-VERSION-RELEASE.src.rpm" (or .nosrc.rpm): the name is
 * s[0, *name_n), VERSION-RELEASE [*vr, *vr + *vr_n). All three must be
 * non-empty. */
static bool split_srpm(const char *s, size_t n, size_t *name_n, const char **vr, size_t *vr_n)
{
    static const char *const suffixes[] = {".src.rpm", ".nosrc.rpm"};
    size_t base = 0;
    for (size_t k = 0; k < MT_ARRAY_LEN(suffixes); k++) {
        size_t l = strlen(suffixes[k]);
        if (n > l && memcmp(s + n - l, suffixes[k], l) == 0) {
            base = n - l;
            break;
        }
    }
    size_t r = last_dash(s, base);
    if (base == 0 || r == base || r + 1 == base)
        return false; /* no '-RELEASE' */
    size_t v = last_dash(s, r);
    if (v == r || v == 0 || v + 1 == r)
        return false; /* no 'NAME-VERSION' */
    *name_n = v;
    *vr = s + v + 1;
    *vr_n = base - v - 1;
    return true;
}

pkg_rpm_result pkg_rpm_header(mt_arena *a, const void *blob, size_t len, mt_pkg *out,
                              const char **why)
{
    hdr_fields f;
    *why = hdr_scan(blob, len, &f);
    if (*why)
        return PKG_RPM_BAD;
    static const char *const missing[H_NSTR] = {"header has no NAME", "header has no VERSION",
                                                "header has no RELEASE"};
    for (int k = H_NAME; k <= H_RELEASE; k++) {
        if (!f.s[k] || f.n[k] == 0) {
            *why = missing[k];
            return PKG_RPM_BAD;
        }
    }
    for (int k = 0; k < H_NSTR; k++) {
        if (!f.s[k])
            continue;
        if (f.n[k] > PKG_MAX_VALUE) {
            *why = "a header field (NAME, VERSION, ...) is too long";
            return PKG_RPM_BAD;
        }
        if (pkg_has_ctl(f.s[k], f.n[k])) {
            *why = "a header field (NAME, VERSION, ...) holds a control character";
            return PKG_RPM_BAD;
        }
    }
    if (f.n[H_NAME] == 10 && memcmp(f.s[H_NAME], "gpg-pubkey", 10) == 0)
        return PKG_RPM_SKIPPED;

    memset(out, 0, sizeof(*out));
    out->type = "rpm";
    out->layer = -1;
    out->name = mt_arena_strndup(a, f.s[H_NAME], f.n[H_NAME]);
    char ep[16] = "";
    if (f.has_epoch)
        snprintf(ep, sizeof(ep), "%u:", (unsigned)f.epoch);
    out->version = mt_arena_printf(a, "%s%.*s-%.*s", ep, (int)f.n[H_VERSION], f.s[H_VERSION],
                                   (int)f.n[H_RELEASE], f.s[H_RELEASE]);
    if (f.s[H_ARCH] && f.n[H_ARCH])
        out->arch = mt_arena_strndup(a, f.s[H_ARCH], f.n[H_ARCH]);
    if (f.s[H_LICENSE] && f.n[H_LICENSE])
        out->license = mt_arena_strndup(a, f.s[H_LICENSE], f.n[H_LICENSE]);
    out->source_name = out->name;
    out->source_version = out->version;
    size_t sn, vrn;
    const char *vr;
    if (f.s[H_SOURCERPM] && f.n[H_SOURCERPM] &&
        split_srpm(f.s[H_SOURCERPM], f.n[H_SOURCERPM], &sn, &vr, &vrn)) {
        out->source_name = mt_arena_strndup(a, f.s[H_SOURCERPM], sn);
        out->source_version = mt_arena_printf(a, "%s%.*s", ep, (int)vrn, vr);
    }
    return PKG_RPM_PACKAGE;
}

/* ---- one parser call ---- */

typedef struct {
    mt_arena *a;
    char *db_path;
    mt_vec *out;
    pkg_errsink err;
    size_t added;
} rpm_ctx;

static void ctx_init(rpm_ctx *c, mt_arena *a, const char *db_path, mt_vec *out, mt_vec *errs)
{
    memset(c, 0, sizeof(*c));
    c->a = a;
    c->db_path = mt_arena_strdup(a, db_path);
    c->out = out;
    c->err.a = a;
    c->err.errs = errs;
}

static int rec_line(uint64_t num)
{
    return num >= 1 && num <= INT_MAX ? (int)num : 0;
}

/* Decodes one stored header; `what` names the record in messages. */
static void add_header(rpm_ctx *c, const void *blob, size_t len, uint64_t num, const char *what)
{
    mt_pkg tmp;
    const char *why = NULL;
    pkg_rpm_result r = pkg_rpm_header(c->a, blob, len, &tmp, &why);
    if (r == PKG_RPM_BAD) {
        pkg_error(&c->err, rec_line(num), "%s %llu: %s", what, (unsigned long long)num, why);
        return;
    }
    if (r == PKG_RPM_SKIPPED)
        return;
    mt_pkg *p = mt_arena_alloc(c->a, sizeof(*p));
    *p = tmp;
    p->db_path = c->db_path;
    mt_vec_push(c->out, p);
    c->added++;
}

/* ---- sqlite ---- */

/* Budget of SQLite VM steps, counted in units of PROGRESS_STEP: rpm's
 * query costs some tens of steps a row and a row takes at least a few
 * bytes, so 4 steps a byte of file plus a fixed allowance (for the schema)
 * is ample for a real database and bounds a hostile one. */
#define PROGRESS_STEP 1000
#define SQLITE_MAX_VALUE (64 << 20) /* the largest header accepted */

typedef struct {
    uint64_t left;
} sql_budget;

static int progress(void *ud)
{
    sql_budget *b = ud;
    if (b->left == 0)
        return 1; /* interrupts the statement */
    b->left--;
    return 0;
}

/* Reports SQLite's message; it may quote names from the (untrusted)
 * schema, so control characters are replaced. */
static void sql_error(rpm_ctx *c, sqlite3 *db, const char *what)
{
    char msg[256];
    snprintf(msg, sizeof(msg), "%s", db ? sqlite3_errmsg(db) : "out of memory");
    for (char *m = msg; *m; m++) {
        if (pkg_has_ctl(m, 1))
            *m = '?';
    }
    pkg_error(&c->err, 0, "rpmdb.sqlite: %s: %s", what, msg);
}

static void sql_limits(sqlite3 *db)
{
    sqlite3_limit(db, SQLITE_LIMIT_LENGTH, SQLITE_MAX_VALUE);
    sqlite3_limit(db, SQLITE_LIMIT_SQL_LENGTH, 100000);
    sqlite3_limit(db, SQLITE_LIMIT_COLUMN, 200);
    sqlite3_limit(db, SQLITE_LIMIT_EXPR_DEPTH, 100);
    sqlite3_limit(db, SQLITE_LIMIT_COMPOUND_SELECT, 4);
    sqlite3_limit(db, SQLITE_LIMIT_VDBE_OP, 10000);
    sqlite3_limit(db, SQLITE_LIMIT_FUNCTION_ARG, 8);
    sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
    sqlite3_limit(db, SQLITE_LIMIT_LIKE_PATTERN_LENGTH, 100);
    sqlite3_limit(db, SQLITE_LIMIT_VARIABLE_NUMBER, 10);
    sqlite3_limit(db, SQLITE_LIMIT_TRIGGER_DEPTH, 1);
    sqlite3_limit(db, SQLITE_LIMIT_WORKER_THREADS, 0);
    sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_VIEW, 0, (int *)NULL);
    sqlite3_db_config(db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);
}

/* Runs a statement that returns nothing of interest; false on failure. */
static bool sql_exec(sqlite3 *db, const char *sql)
{
    return sqlite3_exec(db, sql, NULL, NULL, NULL) == SQLITE_OK;
}

/* True when Packages is an ordinary table (not a view, not virtual). */
static bool sql_packages_is_table(rpm_ctx *c, sqlite3 *db)
{
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db,
                           "SELECT sql FROM sqlite_schema WHERE type = 'table' AND "
                           "name = 'Packages'",
                           -1, &st, NULL) != SQLITE_OK) {
        sql_error(c, db, "cannot read the schema");
        return false;
    }
    bool ok = false;
    int rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
        const unsigned char *sql = sqlite3_column_text(st, 0);
        ok = sql && sqlite3_strnicmp((const char *)sql, "CREATE TABLE", 12) == 0;
        if (!ok)
            pkg_error(&c->err, 0, "rpmdb.sqlite: Packages is not an ordinary table");
    } else if (rc == SQLITE_DONE) {
        pkg_error(&c->err, 0, "rpmdb.sqlite: no Packages table (not an rpm database?)");
    } else {
        sql_error(c, db, "cannot read the schema");
    }
    sqlite3_finalize(st);
    return ok;
}

size_t pkg_parse_rpm_sqlite(mt_arena *a, const char *data, size_t len, const char *db_path,
                            mt_vec *out, mt_vec *errs)
{
    rpm_ctx c;
    ctx_init(&c, a, db_path, out, errs);
    static const char magic[16] = "SQLite format 3";
    if (!data || len < 512 || memcmp(data, magic, sizeof(magic)) != 0) {
        pkg_error(&c.err, 0, "rpmdb.sqlite: not an SQLite 3 database");
        return 0;
    }
    if (len > (size_t)INT64_MAX / 2) {
        pkg_error(&c.err, 0, "rpmdb.sqlite: database too large");
        return 0;
    }
    /* A private copy: SQLite frees it on close, and bytes 18-19 (file
     * format versions, 2 in WAL mode) are set to 1 so that the in-memory
     * database is read without looking for a WAL. */
    unsigned char *copy = sqlite3_malloc64(len);
    if (!copy) {
        pkg_error(&c.err, 0, "rpmdb.sqlite: out of memory");
        return 0;
    }
    memcpy(copy, data, len);
    if (copy[18] == 2)
        copy[18] = 1;
    if (copy[19] == 2)
        copy[19] = 1;

    sqlite3 *db = NULL;
    if (sqlite3_open_v2(":memory:", &db,
                        SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY | SQLITE_OPEN_PRIVATECACHE |
                            SQLITE_OPEN_NOMUTEX,
                        NULL) != SQLITE_OK) {
        sql_error(&c, db, "cannot open an in-memory database");
        sqlite3_free(copy);
        sqlite3_close(db);
        return 0;
    }
    sql_limits(db);
    sql_budget budget = {.left = 1000 + (uint64_t)len * 4 / PROGRESS_STEP};
    sqlite3_progress_handler(db, PROGRESS_STEP, progress, &budget);
    if (sqlite3_deserialize(db, "main", copy, (sqlite3_int64)len, (sqlite3_int64)len,
                            SQLITE_DESERIALIZE_READONLY | SQLITE_DESERIALIZE_FREEONCLOSE) !=
        SQLITE_OK) {
        /* FREEONCLOSE: the copy is freed by SQLite even on failure */
        sql_error(&c, db, "cannot load the database");
        sqlite3_close(db);
        return 0;
    }
    if (!sql_exec(db, "PRAGMA query_only = 1; PRAGMA cell_size_check = 1; "
                      "PRAGMA trusted_schema = 0")) {
        sql_error(&c, db, "cannot configure the database");
        sqlite3_close(db);
        return 0;
    }
    if (!sql_packages_is_table(&c, db)) {
        sqlite3_close(db);
        return 0;
    }
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, "SELECT hnum, blob FROM Packages", -1, &st, NULL) != SQLITE_OK) {
        sql_error(&c, db, "cannot query Packages");
        sqlite3_close(db);
        return 0;
    }
    /* Each blob is stored once, so their sizes add up to less than the
     * file: more means cells sharing overflow pages (a hostile file making
     * SQLite copy the same pages over and over); stop there. */
    uint64_t blob_bytes = 0;
    int rc;
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
        /* (text or blob sizes are known without conversion; values that
         * are not stored, as generated columns, count too) */
        bool int_key = sqlite3_column_type(st, 0) == SQLITE_INTEGER;
        int t1 = sqlite3_column_type(st, 1);
        int kn = int_key ? 8 : sqlite3_column_bytes(st, 0);
        int n = t1 == SQLITE_BLOB || t1 == SQLITE_TEXT ? sqlite3_column_bytes(st, 1) : 8;
        blob_bytes += (uint64_t)(kn > 0 ? kn : 0) + (uint64_t)(n > 0 ? n : 0);
        if (blob_bytes > len) {
            pkg_error(&c.err, 0, "rpmdb.sqlite: the blobs add up to more than the file; stopped");
            rc = SQLITE_DONE;
            break;
        }
        sqlite3_int64 hnum = int_key ? sqlite3_column_int64(st, 0) : 0;
        uint64_t num = hnum > 0 ? (uint64_t)hnum : 0;
        if (!int_key) {
            pkg_error(&c.err, 0, "rpmdb.sqlite: a package number (hnum) is not an integer");
            continue;
        }
        if (t1 != SQLITE_BLOB) {
            pkg_error(&c.err, rec_line(num), "package %lld: blob is not a BLOB", (long long)hnum);
            continue;
        }
        const void *blob = sqlite3_column_blob(st, 1);
        add_header(&c, blob, n > 0 ? (size_t)n : 0, num, "package");
    }
    if (rc != SQLITE_DONE) {
        if (budget.left == 0)
            pkg_error(&c.err, 0, "rpmdb.sqlite: reading Packages took too many steps; stopped");
        else
            sql_error(&c, db, "reading Packages failed");
    }
    sqlite3_finalize(st);
    sqlite3_close(db);
    return c.added;
}

/* ---- Berkeley DB hash ---- */

#define BDB_HASH_MAGIC 0x061561u
#define BDB_PAGE_HDR 26u
#define BDB_PAGE_HDR_CHKSUM 32u /* the header, padding, a 4-byte checksum */
#define BDB_META_CHKSUM 0x01    /* metadata flags (byte 26): page checksums */

enum {
    P_HASH_UNSORTED = 2,
    P_OVERFLOW = 7,
    P_HASH = 13,
};

enum {
    H_KEYDATA = 1,
    H_DUPLICATE = 2,
    H_OFFPAGE = 3,
    H_OFFDUP = 4,
};

typedef struct {
    rpm_ctx *c;
    const unsigned char *d;
    bool be;           /* byte order of the file */
    uint32_t pagesize;
    uint32_t npages;   /* pages present and within last_pgno */
    uint32_t hdr;      /* page header size: 26, 32 with page checksums */
    unsigned char *used; /* bitmap of overflow pages already read */
    unsigned char *buf;  /* scratch for overflow values */
    size_t bufcap;
} bdb_file;

static uint32_t bdb32(const bdb_file *f, const unsigned char *p)
{
    return f->be ? be32(p) : le32(p);
}

static uint16_t bdb16(const bdb_file *f, const unsigned char *p)
{
    return f->be ? be16(p) : le16(p);
}

static const unsigned char *bdb_page(const bdb_file *f, uint32_t pg)
{
    return f->d + (size_t)pg * f->pagesize;
}

/* Reassembles a value stored on overflow pages into f->buf; NULL or why
 * not. */
static const char *bdb_overflow(bdb_file *f, uint32_t pg, uint32_t tlen, size_t total_len)
{
    if (tlen == 0)
        return "empty overflow value";
    if (tlen > total_len)
        return "overflow value is longer than the file";
    if (tlen > f->bufcap) {
        free(f->buf);
        f->buf = mt_xmalloc(tlen);
        f->bufcap = tlen;
    }
    uint32_t got = 0;
    while (got < tlen) {
        if (pg == 0 || pg >= f->npages)
            return "overflow chain leaves the file";
        if (f->used[pg / 8] & (1u << (pg % 8)))
            return "overflow page already used by another value";
        f->used[pg / 8] |= (unsigned char)(1u << (pg % 8));
        const unsigned char *p = bdb_page(f, pg);
        if (p[25] != P_OVERFLOW || bdb32(f, p + 8) != pg)
            return "overflow chain reaches a page that is not an overflow page";
        uint32_t plen = bdb16(f, p + 22);
        if (plen == 0 || plen > f->pagesize - f->hdr || plen > tlen - got)
            return "overflow page length is out of range";
        memcpy(f->buf + got, p + f->hdr, plen);
        got += plen;
        pg = bdb32(f, p + 16);
    }
    return NULL;
}

/* The items of one hash page, in pairs (key, value). */
static void bdb_hash_page(bdb_file *f, uint32_t pg, size_t total_len)
{
    rpm_ctx *c = f->c;
    const unsigned char *p = bdb_page(f, pg);
    uint32_t n = bdb16(f, p + 20);
    uint32_t ps = f->pagesize;
    if (f->hdr + 2 * n > ps) {
        pkg_error(&c->err, 0, "Packages: page %u: item count %u does not fit the page", pg, n);
        return;
    }
    uint32_t minoff = f->hdr + 2 * n;
    if (n % 2) {
        pkg_error(&c->err, 0, "Packages: page %u: odd item count %u", pg, n);
        n--;
    }
    uint32_t prev = ps; /* item i ends where item i-1 starts */
    for (uint32_t i = 0; i < n; i += 2) {
        uint32_t koff = bdb16(f, p + f->hdr + 2 * i);
        uint32_t voff = bdb16(f, p + f->hdr + 2 * i + 2);
        if (koff < minoff || koff >= prev || voff < minoff || voff >= koff) {
            pkg_error(&c->err, 0, "Packages: page %u: item offsets out of order", pg);
            return;
        }
        uint32_t klen = prev - koff, vlen = koff - voff;
        prev = voff;
        const unsigned char *k = p + koff, *v = p + voff;
        uint64_t num = 0;
        if (k[0] == H_KEYDATA && klen == 5) {
            num = bdb32(f, k + 1);
            if (num == 0)
                continue; /* key 0: the package counter of old rpm versions */
        }
        if (v[0] == H_KEYDATA) {
            add_header(c, v + 1, vlen - 1, num, "package");
        } else if (v[0] == H_OFFPAGE) {
            if (vlen != 12) {
                pkg_error(&c->err, rec_line(num), "package %llu: malformed overflow item (page %u)",
                          (unsigned long long)num, pg);
                continue;
            }
            uint32_t tlen = bdb32(f, v + 8);
            const char *why = bdb_overflow(f, bdb32(f, v + 4), tlen, total_len);
            if (why) {
                pkg_error(&c->err, rec_line(num), "package %llu: %s (page %u)",
                          (unsigned long long)num, why, pg);
                continue;
            }
            add_header(c, f->buf, tlen, num, "package");
        } else if (v[0] == H_DUPLICATE || v[0] == H_OFFDUP) {
            pkg_error(&c->err, rec_line(num), "package %llu: duplicate values (page %u)",
                      (unsigned long long)num, pg);
        } else {
            pkg_error(&c->err, rec_line(num), "package %llu: unknown item type %u (page %u)",
                      (unsigned long long)num, v[0], pg);
        }
    }
}

size_t pkg_parse_rpm_bdb(mt_arena *a, const char *data, size_t len, const char *db_path,
                         mt_vec *out, mt_vec *errs)
{
    rpm_ctx c;
    ctx_init(&c, a, db_path, out, errs);
    const unsigned char *d = (const unsigned char *)data;
    if (!d || len < 512) {
        pkg_error(&c.err, 0, "Packages: too short for a Berkeley DB database");
        return 0;
    }
    bdb_file f = {.c = &c, .d = d};
    if (le32(d + 12) == BDB_HASH_MAGIC) {
        f.be = false;
    } else if (be32(d + 12) == BDB_HASH_MAGIC) {
        f.be = true;
    } else {
        pkg_error(&c.err, 0, "Packages: not a Berkeley DB hash database");
        return 0;
    }
    uint32_t version = bdb32(&f, d + 16);
    f.pagesize = bdb32(&f, d + 20);
    uint32_t last = bdb32(&f, d + 32);
    if (version < 8 || version > 10) {
        pkg_error(&c.err, 0, "Packages: unsupported hash version %u", version);
        return 0;
    }
    if (f.pagesize < 512 || f.pagesize > 65536 || (f.pagesize & (f.pagesize - 1))) {
        pkg_error(&c.err, 0, "Packages: invalid page size %u", f.pagesize);
        return 0;
    }
    if (d[24] != 0) {
        pkg_error(&c.err, 0, "Packages: encrypted database");
        return 0;
    }
    f.hdr = d[26] & BDB_META_CHKSUM ? BDB_PAGE_HDR_CHKSUM : BDB_PAGE_HDR;
    size_t present = len / f.pagesize;
    if ((uint64_t)last + 1 > present) {
        pkg_error(&c.err, 0, "Packages: truncated: %zu of %llu pages present", present,
                  (unsigned long long)last + 1);
        f.npages = (uint32_t)present;
    } else {
        f.npages = last + 1;
    }
    f.used = mt_xcalloc((size_t)f.npages / 8 + 1, 1);
    for (uint32_t pg = 1; pg < f.npages; pg++) {
        const unsigned char *p = bdb_page(&f, pg);
        if (p[25] != P_HASH && p[25] != P_HASH_UNSORTED)
            continue; /* overflow pages are read through their values; free pages */
        if (bdb32(&f, p + 8) != pg) {
            pkg_error(&c.err, 0, "Packages: page %u holds the number %u", pg, bdb32(&f, p + 8));
            continue;
        }
        bdb_hash_page(&f, pg, len);
    }
    free(f.used);
    free(f.buf);
    return c.added;
}

/* ---- ndb ---- */

#define NDB_MAGIC 0x506d7052u      /* "RpmP" */
#define NDB_SLOT_MAGIC 0x746f6c53u /* "Slot" */
#define NDB_HEAD_MAGIC 0x53626c42u /* "BlbS" */
#define NDB_TAIL_MAGIC 0x45626c42u /* "BlbE" */
#define NDB_PAGE 4096u
#define NDB_BLK 16u
#define NDB_HDR 32u
#define NDB_BLOBHEAD 16u
#define NDB_BLOBTAIL 12u

typedef struct {
    uint32_t pkgidx, blkoff, blkcnt;
    uint32_t slotno;
} ndb_slot;

static int slot_cmp(const void *x, const void *y)
{
    const ndb_slot *a = x, *b = y;
    if (a->blkoff != b->blkoff)
        return a->blkoff < b->blkoff ? -1 : 1;
    return a->slotno < b->slotno ? -1 : a->slotno > b->slotno;
}

/* Reads the blob of one slot (its bounds already checked). */
static void ndb_blob(rpm_ctx *c, const unsigned char *d, const ndb_slot *s)
{
    int line = rec_line(s->pkgidx);
    const unsigned char *b = d + (size_t)s->blkoff * NDB_BLK;
    size_t span = (size_t)s->blkcnt * NDB_BLK;
    if (span < NDB_BLOBHEAD + NDB_BLOBTAIL || le32(b) != NDB_HEAD_MAGIC ||
        le32(b + 4) != s->pkgidx) {
        pkg_error(&c->err, line, "package %u: bad blob head (slot %u)", s->pkgidx, s->slotno);
        return;
    }
    uint32_t bloblen = le32(b + 12);
    /* the blob fills its blocks: so head, header and tail are inside */
    uint64_t need = (uint64_t)NDB_BLOBHEAD + bloblen + NDB_BLOBTAIL;
    if ((need + NDB_BLK - 1) / NDB_BLK != s->blkcnt) {
        pkg_error(&c->err, line, "package %u: blob length does not match its slot (slot %u)",
                  s->pkgidx, s->slotno);
        return;
    }
    const unsigned char *t = b + span - NDB_BLOBTAIL; /* after the padding */
    if (le32(t + 4) != bloblen || le32(t + 8) != NDB_TAIL_MAGIC) {
        pkg_error(&c->err, line, "package %u: bad blob tail (slot %u)", s->pkgidx, s->slotno);
        return;
    }
    add_header(c, b + NDB_BLOBHEAD, bloblen, s->pkgidx, "package");
}

size_t pkg_parse_rpm_ndb(mt_arena *a, const char *data, size_t len, const char *db_path,
                         mt_vec *out, mt_vec *errs)
{
    rpm_ctx c;
    ctx_init(&c, a, db_path, out, errs);
    const unsigned char *d = (const unsigned char *)data;
    if (!d || len < NDB_HDR || le32(d) != NDB_MAGIC) {
        pkg_error(&c.err, 0, "Packages.db: not an rpm ndb database");
        return 0;
    }
    if (le32(d + 4) != 0) {
        pkg_error(&c.err, 0, "Packages.db: unsupported version %u", le32(d + 4));
        return 0;
    }
    uint32_t slotnpages = le32(d + 12);
    if (slotnpages == 0 || slotnpages > len / NDB_PAGE) {
        pkg_error(&c.err, 0, "Packages.db: slot page count %u does not fit the file", slotnpages);
        return 0;
    }
    uint64_t fileblks = len / NDB_BLK;
    uint64_t minblk = (uint64_t)slotnpages * (NDB_PAGE / NDB_BLK);
    size_t slots_end = (size_t)slotnpages * NDB_PAGE;
    /* The used slots, checked, then read in blob order: blobs may not
     * overlap, so each byte of the file is decoded at most once. */
    ndb_slot *slots = mt_xmalloc(slots_end / 16 * sizeof(*slots));
    size_t nslots = 0;
    for (size_t o = NDB_HDR; o + 16 <= slots_end; o += 16) {
        const unsigned char *s = d + o;
        uint32_t slotno = (uint32_t)(o / 16);
        if (le32(s) != NDB_SLOT_MAGIC) {
            pkg_error(&c.err, 0, "Packages.db: slot %u: bad magic", slotno);
            continue;
        }
        uint32_t pkgidx = le32(s + 4), blkoff = le32(s + 8), blkcnt = le32(s + 12);
        if (blkoff == 0)
            continue; /* free slot */
        int line = rec_line(pkgidx);
        if (pkgidx == 0 || blkcnt == 0 || blkoff < minblk) {
            pkg_error(&c.err, line, "Packages.db: slot %u: bad entry", slotno);
            continue;
        }
        if ((uint64_t)blkoff + blkcnt > fileblks) {
            pkg_error(&c.err, line, "package %u: blob runs past the end of the file (slot %u)",
                      pkgidx, slotno);
            continue;
        }
        slots[nslots++] = (ndb_slot){pkgidx, blkoff, blkcnt, slotno};
    }
    if (nslots > 1)
        qsort(slots, nslots, sizeof(*slots), slot_cmp);
    uint64_t end = 0;
    for (size_t i = 0; i < nslots; i++) {
        const ndb_slot *s = &slots[i];
        if (s->blkoff < end) {
            pkg_error(&c.err, rec_line(s->pkgidx),
                      "package %u: blob overlaps another package's (slot %u)", s->pkgidx,
                      s->slotno);
            continue;
        }
        end = (uint64_t)s->blkoff + s->blkcnt;
        ndb_blob(&c, d, s);
    }
    free(slots);
    return c.added;
}
