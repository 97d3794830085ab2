/* osv.c — see osv.h. OSV JSON with jansson, all.zip with libarchive. */
#include "vuln/osv.h"

#include <archive.h>
#include <archive_entry.h>
#include <jansson.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- errors ---- */

/* ---- JSON walking with a field path for error messages ---- */

typedef struct {
    mt_arena *a;
    char path[512]; /* "affected[2].ranges[0]"; "" at the top */
    size_t plen;
    char *err;
    size_t errlen;
    bool failed;
} octx;

static size_t push(octx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Appends to the path (cut at its size); returns the mark pop() goes back to. */
static size_t push(octx *c, const char *fmt, ...)
{
    size_t mark = c->plen;
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(c->path + c->plen, sizeof(c->path) - c->plen, fmt, ap);
    va_end(ap);
    if (n > 0)
        c->plen += (size_t)n < sizeof(c->path) - c->plen ? (size_t)n
                                                        : sizeof(c->path) - c->plen - 1;
    return mark;
}

static size_t push_key(octx *c, const char *key)
{
    return push(c, "%s%s", c->plen ? "." : "", key);
}

static size_t push_index(octx *c, size_t i)
{
    return push(c, "[%zu]", i);
}

static void pop(octx *c, size_t mark)
{
    c->plen = mark;
    c->path[mark] = '\0';
}

static int vfail(octx *c, const char *fmt, va_list ap) __attribute__((format(printf, 2, 0)));

/* Records the first error, prefixed with the current path. Returns -1. */
static int vfail(octx *c, const char *fmt, va_list ap)
{
    if (c->failed)
        return -1;
    c->failed = true;
    char msg[256];
    vsnprintf(msg, sizeof(msg), fmt, ap);
    if (c->plen)
        mt_seterr(c->err, c->errlen, "%s: %s", c->path, msg);
    else
        mt_seterr(c->err, c->errlen, "%s", msg);
    return -1;
}

static int fail(octx *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static int fail(octx *c, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfail(c, fmt, ap);
    va_end(ap);
    return -1;
}

static int fail_at(octx *c, const char *key, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

/* fail() about field key of the object at the current path. */
static int fail_at(octx *c, const char *key, const char *fmt, ...)
{
    size_t m = push_key(c, key);
    va_list ap;
    va_start(ap, fmt);
    vfail(c, fmt, ap);
    va_end(ap);
    pop(c, m);
    return -1;
}

static const char *kind_name(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "an object";
    case JSON_ARRAY: return "an array";
    case JSON_STRING: return "a string";
    case JSON_INTEGER:
    case JSON_REAL: return "a number";
    case JSON_TRUE:
    case JSON_FALSE: return "a boolean";
    case JSON_NULL: return "null";
    }
    return "something else";
}

/* v (at the current path) must be a string no longer than OSV_MAX_STRING:
 * copied into the arena. */
static int take_string(octx *c, const json_t *v, char **out)
{
    if (!json_is_string(v))
        return fail(c, "expected a string, found %s", kind_name(v));
    size_t n = json_string_length(v);
    if (n > OSV_MAX_STRING)
        return fail(c, "string longer than %zu bytes", OSV_MAX_STRING);
    *out = mt_arena_strndup(c->a, json_string_value(v), n);
    return 0;
}

/* Optional string field: absent or null leaves *out NULL. */
static int opt_string(octx *c, const json_t *obj, const char *key, char **out)
{
    *out = NULL;
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    size_t m = push_key(c, key);
    int rc = take_string(c, v, out);
    pop(c, m);
    return rc;
}

static int req_string(octx *c, const json_t *obj, const char *key, char **out)
{
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return fail_at(c, key, "missing");
    return opt_string(c, obj, key, out);
}

/* Optional field of a given container type; NULL when absent or null. */
static int opt_typed(octx *c, const json_t *obj, const char *key, json_type type,
                     const json_t **out)
{
    *out = NULL;
    const json_t *v = json_object_get(obj, key);
    if (!v || json_is_null(v))
        return 0;
    if (json_typeof(v) != type)
        return fail_at(c, key, "expected %s, found %s", type == JSON_ARRAY ? "an array" : "an object",
                       kind_name(v));
    *out = v;
    return 0;
}

/* An optional array of strings: aliases, versions. */
static int string_array(octx *c, const json_t *obj, const char *key, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    const json_t *arr;
    if (opt_typed(c, obj, key, JSON_ARRAY, &arr) || !arr)
        return c->failed ? -1 : 0;
    size_t cnt = json_array_size(arr);
    if (!cnt)
        return 0;
    char **items = mt_arena_alloc(c->a, cnt * sizeof(*items));
    size_t m = push_key(c, key);
    for (size_t i = 0; i < cnt; i++) {
        size_t mi = push_index(c, i);
        if (take_string(c, json_array_get(arr, i), &items[i]))
            return -1;
        pop(c, mi);
    }
    pop(c, m);
    *out = items;
    *n = cnt;
    return 0;
}

/* A rating inside a free-form object: a string, or ignored. */
static char *free_form_string(octx *c, const json_t *obj, const char *key)
{
    const json_t *v = obj ? json_object_get(obj, key) : NULL;
    if (!json_is_string(v) || json_string_length(v) > OSV_MAX_STRING)
        return NULL;
    return mt_arena_strndup(c->a, json_string_value(v), json_string_length(v));
}

static const char *const event_keys[] = {"introduced", "fixed", "last_affected", "limit"};

static int parse_event(octx *c, const json_t *ev, vr_event *out)
{
    if (!json_is_object(ev))
        return fail(c, "expected an object, found %s", kind_name(ev));
    int found = -1;
    for (size_t k = 0; k < MT_ARRAY_LEN(event_keys); k++) {
        const json_t *v = json_object_get(ev, event_keys[k]);
        if (!v)
            continue;
        if (found >= 0)
            return fail(c, "both \"%s\" and \"%s\": an event has exactly one of introduced, "
                           "fixed, last_affected, limit",
                        event_keys[found], event_keys[k]);
        found = (int)k;
    }
    if (found < 0)
        return fail(c, "expected one of introduced, fixed, last_affected, limit");
    out->kind = (vr_event_kind)found; /* event_keys follows vr_event_kind */
    size_t m = push_key(c, event_keys[found]);
    int rc = take_string(c, json_object_get(ev, event_keys[found]), &out->version);
    pop(c, m);
    return rc;
}

static int parse_range(octx *c, const json_t *r, vr_range *out)
{
    if (!json_is_object(r))
        return fail(c, "expected an object, found %s", kind_name(r));
    char *type;
    if (req_string(c, r, "type", &type))
        return -1;
    if (strcmp(type, "ECOSYSTEM") == 0) {
        out->type = VR_RANGE_ECOSYSTEM;
    } else if (strcmp(type, "SEMVER") == 0) {
        out->type = VR_RANGE_SEMVER;
    } else if (strcmp(type, "GIT") == 0) {
        out->type = VR_RANGE_GIT;
    } else {
        return fail_at(c, "type", "unknown range type \"%.64s\" (expected ECOSYSTEM, SEMVER or GIT)",
                       type);
    }
    const json_t *events;
    if (opt_typed(c, r, "events", JSON_ARRAY, &events))
        return -1;
    if (!events)
        return fail_at(c, "events", "missing");
    size_t n = json_array_size(events);
    out->events = n ? mt_arena_alloc(c->a, n * sizeof(*out->events)) : NULL;
    size_t m = push_key(c, "events");
    for (size_t i = 0; i < n; i++) {
        size_t mi = push_index(c, i);
        if (parse_event(c, json_array_get(events, i), &out->events[i]))
            return -1;
        pop(c, mi);
    }
    pop(c, m);
    out->nevents = n;
    return 0;
}

static int parse_affected(octx *c, const json_t *af, vr_affected *out)
{
    if (!json_is_object(af))
        return fail(c, "expected an object, found %s", kind_name(af));
    const json_t *pkg;
    if (opt_typed(c, af, "package", JSON_OBJECT, &pkg))
        return -1;
    if (pkg) {
        size_t m = push_key(c, "package");
        if (req_string(c, pkg, "ecosystem", &out->ecosystem) ||
            req_string(c, pkg, "name", &out->name) || opt_string(c, pkg, "purl", &out->purl))
            return -1;
        pop(c, m);
    } else {
        out->ecosystem = mt_arena_strdup(c->a, "");
        out->name = mt_arena_strdup(c->a, "");
    }

    const json_t *ranges;
    if (opt_typed(c, af, "ranges", JSON_ARRAY, &ranges))
        return -1;
    size_t n = ranges ? json_array_size(ranges) : 0;
    if (n) {
        out->ranges = mt_arena_alloc(c->a, n * sizeof(*out->ranges));
        size_t m = push_key(c, "ranges");
        for (size_t i = 0; i < n; i++) {
            size_t mi = push_index(c, i);
            if (parse_range(c, json_array_get(ranges, i), &out->ranges[i]))
                return -1;
            pop(c, mi);
        }
        pop(c, m);
        out->nranges = n;
    }
    if (string_array(c, af, "versions", &out->versions, &out->nversions))
        return -1;

    const json_t *eco, *db;
    if (opt_typed(c, af, "ecosystem_specific", JSON_OBJECT, &eco) ||
        opt_typed(c, af, "database_specific", JSON_OBJECT, &db))
        return -1;
    out->severity = free_form_string(c, eco, "severity");
    if (!out->severity)
        out->severity = free_form_string(c, db, "severity");
    if (!out->severity)
        out->severity = free_form_string(c, eco, "urgency");
    if (!out->severity)
        out->severity = free_form_string(c, db, "urgency");
    return 0;
}

static int parse_record(octx *c, const json_t *o, vr_record *r)
{
    memset(r, 0, sizeof(*r));
    if (!json_is_object(o))
        return fail(c, "expected an object, found %s", kind_name(o));
    if (req_string(c, o, "id", &r->id))
        return -1;
    if (!r->id[0])
        return fail_at(c, "id", "empty");
    if (opt_string(c, o, "modified", &r->modified) ||
        opt_string(c, o, "published", &r->published) ||
        opt_string(c, o, "withdrawn", &r->withdrawn) ||
        opt_string(c, o, "summary", &r->summary) || opt_string(c, o, "details", &r->details) ||
        string_array(c, o, "aliases", &r->aliases, &r->naliases))
        return -1;

    const json_t *sev;
    if (opt_typed(c, o, "severity", JSON_ARRAY, &sev))
        return -1;
    size_t n = sev ? json_array_size(sev) : 0;
    if (n) {
        r->severity = mt_arena_alloc(c->a, n * sizeof(*r->severity));
        size_t m = push_key(c, "severity");
        for (size_t i = 0; i < n; i++) {
            size_t mi = push_index(c, i);
            const json_t *s = json_array_get(sev, i);
            if (!json_is_object(s))
                return fail(c, "expected an object, found %s", kind_name(s));
            if (req_string(c, s, "type", &r->severity[i].type) ||
                req_string(c, s, "score", &r->severity[i].score))
                return -1;
            pop(c, mi);
        }
        pop(c, m);
        r->nseverity = n;
    }

    const json_t *db;
    if (opt_typed(c, o, "database_specific", JSON_OBJECT, &db))
        return -1;
    r->db_severity = free_form_string(c, db, "severity");

    const json_t *refs;
    if (opt_typed(c, o, "references", JSON_ARRAY, &refs))
        return -1;
    n = refs ? json_array_size(refs) : 0;
    if (n) {
        r->references = mt_arena_alloc(c->a, n * sizeof(*r->references));
        size_t m = push_key(c, "references");
        for (size_t i = 0; i < n; i++) {
            size_t mi = push_index(c, i);
            const json_t *ref = json_array_get(refs, i);
            if (!json_is_object(ref))
                return fail(c, "expected an object, found %s", kind_name(ref));
            if (req_string(c, ref, "url", &r->references[i]))
                return -1;
            pop(c, mi);
        }
        pop(c, m);
        r->nreferences = n;
    }

    const json_t *aff;
    if (opt_typed(c, o, "affected", JSON_ARRAY, &aff))
        return -1;
    n = aff ? json_array_size(aff) : 0;
    if (n > OSV_MAX_AFFECTED)
        return fail_at(c, "affected", "more than %d entries", OSV_MAX_AFFECTED);
    if (n) {
        r->affected = mt_arena_alloc(c->a, n * sizeof(*r->affected));
        size_t m = push_key(c, "affected");
        for (size_t i = 0; i < n; i++) {
            size_t mi = push_index(c, i);
            if (parse_affected(c, json_array_get(aff, i), &r->affected[i]))
                return -1;
            pop(c, mi);
        }
        pop(c, m);
        r->naffected = n;
    }
    return 0;
}

static json_t *load(const char *data, size_t len, char *err, size_t errlen)
{
    if (len > OSV_MAX_DOC) {
        mt_seterr(err, errlen, "document larger than %zu bytes", OSV_MAX_DOC);
        return NULL;
    }
    json_error_t je;
    json_t *root = json_loadb(data ? data : "", data ? len : 0, JSON_REJECT_DUPLICATES, &je);
    if (!root)
        mt_seterr(err, errlen, "invalid JSON at line %d, column %d: %s", je.line, je.column,
               je.text);
    return root;
}

int osv_parse(mt_arena *a, const char *data, size_t len, vr_record *out, char *err,
              size_t errlen)
{
    memset(out, 0, sizeof(*out));
    mt_seterr(err, errlen, "%s", "");
    json_t *root = load(data, len, err, errlen);
    if (!root)
        return -1;
    octx c = {.a = a, .err = err, .errlen = errlen};
    int rc = 0;
    if (!json_is_object(root)) {
        rc = fail(&c, "expected a JSON object, found %s", kind_name(root));
    } else if (parse_record(&c, root, out)) {
        memset(out, 0, sizeof(*out));
        rc = -1;
    }
    json_decref(root);
    return rc;
}

/* Parses every element of the array at the current path into recs. */
static int parse_list(octx *c, const json_t *arr, mt_vec *recs)
{
    for (size_t i = 0; i < json_array_size(arr); i++) {
        size_t m = push_index(c, i);
        vr_record *r = mt_arena_alloc(c->a, sizeof(*r));
        if (parse_record(c, json_array_get(arr, i), r))
            return -1;
        mt_vec_push(recs, r);
        pop(c, m);
    }
    return 0;
}

static int parse_many_root(octx *c, const json_t *root, mt_vec *recs)
{
    if (json_is_array(root))
        return parse_list(c, root, recs);
    if (!json_is_object(root))
        return fail(c, "expected a JSON object or array, found %s", kind_name(root));
    if (json_object_size(root) == 0) /* what /v1/query answers when nothing matched */
        return 0;
    if (json_object_get(root, "id") ||
        (!json_object_get(root, "vulns") && !json_object_get(root, "results"))) {
        vr_record *r = mt_arena_alloc(c->a, sizeof(*r));
        if (parse_record(c, root, r))
            return -1;
        mt_vec_push(recs, r);
        return 0;
    }
    const json_t *vulns;
    if (opt_typed(c, root, "vulns", JSON_ARRAY, &vulns))
        return -1;
    if (vulns) {
        size_t m = push_key(c, "vulns");
        if (parse_list(c, vulns, recs))
            return -1;
        pop(c, m);
    }
    const json_t *results;
    if (opt_typed(c, root, "results", JSON_ARRAY, &results))
        return -1;
    if (results) {
        size_t m = push_key(c, "results");
        for (size_t i = 0; i < json_array_size(results); i++) {
            size_t mi = push_index(c, i);
            const json_t *res = json_array_get(results, i);
            if (!json_is_object(res))
                return fail(c, "expected an object, found %s", kind_name(res));
            const json_t *rv;
            if (opt_typed(c, res, "vulns", JSON_ARRAY, &rv))
                return -1;
            if (rv) {
                size_t mv = push_key(c, "vulns");
                if (parse_list(c, rv, recs))
                    return -1;
                pop(c, mv);
            }
            pop(c, mi);
        }
        pop(c, m);
    }
    return 0;
}

int osv_parse_many(mt_arena *a, const char *data, size_t len, mt_vec *out, char *err,
                   size_t errlen)
{
    mt_seterr(err, errlen, "%s", "");
    json_t *root = load(data, len, err, errlen);
    if (!root)
        return -1;
    octx c = {.a = a, .err = err, .errlen = errlen};
    mt_vec recs = {0};
    int rc = parse_many_root(&c, root, &recs);
    json_decref(root);
    if (rc == 0 && recs.len > (size_t)INT32_MAX)
        rc = fail(&c, "too many records");
    if (rc == 0) {
        for (size_t i = 0; i < recs.len; i++)
            mt_vec_push(out, recs.items[i]);
        rc = (int)recs.len;
    }
    mt_vec_free(&recs);
    return rc;
}

/* ---- all.zip ---- */

static const osv_zip_limits default_limits = {
    .max_member = OSV_ZIP_MAX_MEMBER,
    .max_total = OSV_ZIP_MAX_TOTAL,
    .max_members = OSV_ZIP_MAX_MEMBERS,
};

int osv_zip_each(const char *path, const void *mem, size_t memlen, osv_zip_cb cb, void *ud,
                 char *err, size_t errlen)
{
    return osv_zip_each_limits(path, mem, memlen, NULL, cb, ud, err, errlen);
}

int osv_zip_each_limits(const char *path, const void *mem, size_t memlen,
                        const osv_zip_limits *lim, osv_zip_cb cb, void *ud, char *err,
                        size_t errlen)
{
    mt_seterr(err, errlen, "%s", "");
    if (!lim)
        lim = &default_limits;
    if (!path && !mem) {
        mt_seterr(err, errlen, "no archive given");
        return -1;
    }
    struct archive *ar = archive_read_new();
    if (!ar) {
        mt_seterr(err, errlen, "cannot create an archive reader");
        return -1;
    }
    archive_read_support_format_zip(ar);
    int r = path ? archive_read_open_filename(ar, path, 1 << 16)
                 : archive_read_open_memory(ar, mem, memlen);
    if (r != ARCHIVE_OK) {
        mt_seterr(err, errlen, "cannot open the archive: %s",
               archive_error_string(ar) ? archive_error_string(ar) : "unknown error");
        archive_read_free(ar);
        return -1;
    }

    char *buf = NULL;
    size_t cap = 0;
    uint64_t members = 0, total = 0;
    int delivered = 0, rc = 0;
    for (;;) {
        struct archive_entry *e;
        r = archive_read_next_header(ar, &e);
        if (r == ARCHIVE_EOF)
            break;
        if (r < ARCHIVE_WARN) {
            mt_seterr(err, errlen, "cannot read the archive: %s",
                   archive_error_string(ar) ? archive_error_string(ar) : "unknown error");
            rc = -1;
            break;
        }
        if (++members > lim->max_members) {
            mt_seterr(err, errlen, "more than %llu archive members",
                   (unsigned long long)lim->max_members);
            rc = -1;
            break;
        }
        const char *name = archive_entry_pathname(e);
        if (archive_entry_filetype(e) != AE_IFREG || !name || !mt_endswith(name, ".json"))
            continue; /* the next header skips the data, undecompressed */
        if (archive_entry_size_is_set(e) && archive_entry_size(e) >= 0 &&
            (uint64_t)archive_entry_size(e) > lim->max_member) {
            mt_seterr(err, errlen, "%s: member larger than %llu bytes", name,
                   (unsigned long long)lim->max_member);
            rc = -1;
            break;
        }
        size_t len = 0;
        for (;;) {
            if (cap - len < 2) {
                size_t ncap = cap ? cap * 2 : 1 << 16;
                if (ncap > lim->max_member + 2)
                    ncap = (size_t)lim->max_member + 2;
                if (ncap <= cap) { /* len has reached max_member + 1 */
                    mt_seterr(err, errlen, "%s: member larger than %llu bytes", name,
                           (unsigned long long)lim->max_member);
                    rc = -1;
                    break;
                }
                buf = mt_xrealloc(buf, ncap);
                cap = ncap;
            }
            la_ssize_t got = archive_read_data(ar, buf + len, cap - len - 1);
            if (got < 0) {
                mt_seterr(err, errlen, "%s: %s", name,
                       archive_error_string(ar) ? archive_error_string(ar) : "read error");
                rc = -1;
                break;
            }
            if (got == 0)
                break;
            len += (size_t)got;
            if (len > lim->max_member) {
                mt_seterr(err, errlen, "%s: member larger than %llu bytes", name,
                       (unsigned long long)lim->max_member);
                rc = -1;
                break;
            }
            if (total + (uint64_t)got > lim->max_total) {
                mt_seterr(err, errlen, "more than %llu bytes of JSON in the archive",
                       (unsigned long long)lim->max_total);
                rc = -1;
                break;
            }
            total += (uint64_t)got;
        }
        if (rc)
            break;
        buf[len] = '\0';
        delivered++;
        if (cb(ud, name, buf, len) != 0 || delivered == INT32_MAX)
            break;
    }
    free(buf);
    archive_read_free(ar);
    return rc ? -1 : delivered;
}
