/* test_pkg_node.c — unit tests of the Node.js parsers (pkg/node.h).
 *
 * Real data first (tests/pkg/node, see its README.md): one project installed
 * by npm, whose `npm query '*'` listing (npm-query.tsv) is the truth that
 *   - the mirrored node_modules manifests, walked with
 *     pkg_npm_is_installed_manifest() + pkg_parse_npm_package_json(),
 *   - its package-lock.json (v3) and the v1 and v2 locks npm wrote for it,
 *   - the yarn.lock files of yarn 1 and yarn 4 (berry),
 *   - the pnpm-lock.yaml files of pnpm 7, 8 and 9 (lockfileVersion 5.4,
 *     6.0, 9.0)
 * must each reproduce exactly. Then small cases for each format: the path
 * rule, license forms, links, aliases, key formats, malformed input with
 * the line of each error, and the bounds. */
#include <ftw.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pkg/node.h"
#include "pkg/pkg.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

typedef size_t (*parse_fn)(mt_arena *, const char *, size_t, const char *, mt_vec *, mt_vec *);

typedef pkgfx_parsed parsed;

static parsed parse_with(void **state, parse_fn fn, const char *data, size_t len, const char *path)
{
    parsed r = {0};
    size_t n = fn(*state, data, len, path, &r.pkgs, &r.errs);
    assert_int_equal(n, r.pkgs.len);
    for (size_t i = 0; i < r.pkgs.len; i++) {
        const mt_pkg *p = r.pkgs.items[i];
        assert_string_equal(p->type, "npm");
        assert_ptr_equal(p->source_name, p->name);
        assert_ptr_equal(p->source_version, p->version);
        assert_null(p->arch);
        assert_null(p->purl);
        assert_int_equal(p->layer, -1);
        if (path)
            assert_string_equal(p->db_path, path);
        else
            assert_null(p->db_path);
    }
    return r;
}

static parsed parse_s(void **state, parse_fn fn, const char *text)
{
    return parse_with(state, fn, text, strlen(text), "lock");
}

static void print_errs(const parsed *r)
{
    for (size_t i = 0; i < r->errs.len; i++)
        fprintf(stderr, "  error line %d: %s\n", pkgfx_err_at(r, i)->line, pkgfx_err_at(r, i)->message);
}

static void assert_no_errors(const parsed *r)
{
    print_errs(r);
    assert_int_equal(r->errs.len, 0);
}

/* The package name@version, or NULL. */
/* Asserts that error k is on line `line` and mentions `what`. */
static void assert_err(const parsed *r, size_t k, int line, const char *what)
{
    if (k >= r->errs.len || pkgfx_err_at(r, k)->line != line || !strstr(pkgfx_err_at(r, k)->message, what)) {
        fprintf(stderr, "wanted error %zu on line %d with '%s'; got:\n", k, line, what);
        print_errs(r);
        fail();
    }
}

/* ---- the npm listing ---- */

/* Column subsets of npm-query.tsv ("location\tname\tversion\tlicense"). */
enum { COL_LOC = 1, COL_NAME = 2, COL_VERSION = 4, COL_LICENSE = 8 };

static char *columns(mt_arena *a, const char *line, int cols)
{
    const char *f[4];
    size_t fn[4];
    const char *s = line;
    for (int k = 0; k < 4; k++) {
        const char *tab = strchr(s, '\t');
        f[k] = s;
        fn[k] = tab ? (size_t)(tab - s) : strlen(s);
        s = tab ? tab + 1 : s + fn[k];
    }
    mt_buf b;
    mt_buf_init(&b);
    for (int k = 0; k < 4; k++) {
        if (!(cols & (1 << k)))
            continue;
        if (b.len)
            mt_buf_putc(&b, '\t');
        mt_buf_put(&b, f[k], fn[k]);
    }
    char *r = mt_arena_strndup(a, b.data, b.len);
    mt_buf_free(&b);
    return r;
}

static void sort_lines(mt_vec *v)
{
    if (v->len)
        qsort(v->items, v->len, sizeof(v->items[0]), pkgfx_strcmp);
}

static void uniq_lines(mt_vec *v)
{
    sort_lines(v);
    size_t o = 0;
    for (size_t i = 0; i < v->len; i++) {
        if (o == 0 || strcmp(v->items[o - 1], v->items[i]) != 0)
            v->items[o++] = v->items[i];
    }
    v->len = o;
}

/* npm's listing projected on cols; distinct lines only when uniq. */
static mt_vec npm_listing(mt_arena *a, int cols, bool uniq)
{
    size_t len;
    char *data = pkgfx_read("node/npm-query.tsv", &len);
    mt_vec lines = pkgfx_lines(a, data, len);
    free(data);
    mt_vec v = {0};
    for (size_t i = 0; i < lines.len; i++)
        mt_vec_push(&v, columns(a, lines.items[i], cols));
    mt_vec_free(&lines);
    if (uniq)
        uniq_lines(&v);
    else
        sort_lines(&v);
    return v;
}

static char *pkg_cols(mt_arena *a, const mt_pkg *p, int cols)
{
    mt_buf b;
    mt_buf_init(&b);
    if (cols & COL_NAME)
        mt_buf_puts(&b, p->name);
    if (cols & COL_VERSION)
        mt_buf_printf(&b, "%s%s", b.len ? "\t" : "", p->version);
    if (cols & COL_LICENSE)
        mt_buf_printf(&b, "%s%s", b.len ? "\t" : "", p->license ? p->license : "");
    char *r = mt_arena_strndup(a, b.data, b.len);
    mt_buf_free(&b);
    return r;
}

/* Compares a parse of a real lock file with npm's listing. */
static void check_lock(void **state, parse_fn fn, const char *file, int cols, bool uniq)
{
    mt_arena *a = *state;
    size_t len;
    char *data = pkgfx_read(file, &len);
    parsed r = parse_with(state, fn, data, len, file);
    assert_no_errors(&r);
    mt_vec got = {0};
    for (size_t i = 0; i < r.pkgs.len; i++)
        mt_vec_push(&got, pkg_cols(a, pkgfx_pkg_at(&r, i), cols));
    sort_lines(&got);
    mt_vec want = npm_listing(a, cols, uniq);
    if (uniq) {
        /* a flat lock file lists each name@version once */
        mt_vec copy = {0};
        for (size_t i = 0; i < got.len; i++)
            mt_vec_push(&copy, got.items[i]);
        uniq_lines(&copy);
        assert_int_equal(copy.len, got.len);
        mt_vec_free(&copy);
    }
    pkgfx_assert_same(&got, &want);
    mt_vec_free(&got);
    mt_vec_free(&want);
    pkgfx_parsed_free(&r);
    free(data);
}

/* name@version -> integrity of the npm v3 lock (arena strings). */
static void integrity_map(void **state, mt_strmap *m)
{
    size_t len;
    char *data = pkgfx_read("node/project/package-lock.json", &len);
    parsed r = parse_with(state, pkg_parse_npm_lock, data, len, NULL);
    for (size_t i = 0; i < r.pkgs.len; i++) {
        mt_pkg *p = pkgfx_pkg_at(&r, i);
        assert_non_null(p->checksum);
        assert_true(mt_startswith(p->checksum, "sha512-"));
        mt_strmap_put(m, mt_arena_printf(*state, "%s@%s", p->name, p->version), p->checksum);
    }
    pkgfx_parsed_free(&r);
    free(data);
}

/* Every package of file has the checksum npm recorded for it. */
static void check_checksums(void **state, parse_fn fn, const char *file)
{
    mt_strmap m = {0};
    integrity_map(state, &m);
    size_t len;
    char *data = pkgfx_read(file, &len);
    parsed r = parse_with(state, fn, data, len, NULL);
    assert_true(r.pkgs.len > 0);
    for (size_t i = 0; i < r.pkgs.len; i++) {
        mt_pkg *p = pkgfx_pkg_at(&r, i);
        bool found = false;
        const char *want =
            mt_strmap_get(&m, mt_arena_printf(*state, "%s@%s", p->name, p->version), &found);
        assert_true(found);
        assert_non_null(p->checksum);
        assert_string_equal(p->checksum, want);
    }
    pkgfx_parsed_free(&r);
    free(data);
    mt_strmap_free(&m);
}

/* ---- the installed node_modules tree ---- */

static struct {
    mt_arena *a;
    size_t root_len;
    mt_vec got;      /* location, name, version, license */
    mt_vec rejected; /* package.json files that are no installed manifest */
    size_t errors;
} walk;

static int walk_one(const char *fpath, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag != FTW_F)
        return 0;
    const char *rel = fpath + walk.root_len + 1;
    bool installed = pkg_npm_is_installed_manifest(rel);
    /* the rule only looks at the last folders: the absolute path agrees */
    assert_int_equal(installed, pkg_npm_is_installed_manifest(fpath));
    if (!installed) {
        mt_vec_push(&walk.rejected, mt_arena_strdup(walk.a, rel));
        return 0;
    }
    char *data = NULL;
    size_t len = 0;
    const char *err = NULL;
    assert_int_equal(mt_read_file(fpath, PKG_NODE_MAX_MANIFEST, &data, &len, &err), 0);
    mt_vec pkgs = {0}, errs = {0};
    size_t n = pkg_parse_npm_package_json(walk.a, data, len, rel, &pkgs, &errs);
    walk.errors += errs.len;
    assert_int_equal(n, 1);
    mt_pkg *p = pkgs.items[0];
    char loc[4096];
    mt_dirname(rel, loc, sizeof(loc));
    mt_vec_push(&walk.got, mt_arena_printf(walk.a, "%s\t%s\t%s\t%s", loc, p->name, p->version,
                                           p->license ? p->license : ""));
    assert_null(p->checksum); /* npm 7+ no longer writes _integrity */
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    free(data);
    return 0;
}

static void test_installed_tree_matches_npm(void **state)
{
    mt_arena *a = *state;
    char dir[4096], root[8192];
    const char *env = getenv("MOAT_PKG_FIXTURES");
    if (env && *env)
        snprintf(dir, sizeof(dir), "%s", env);
    else {
        mt_dirname(__FILE__, dir, sizeof(dir));
        strncat(dir, "/../pkg", sizeof(dir) - strlen(dir) - 1);
    }
    snprintf(root, sizeof(root), "%s/node/node_modules-manifests", dir);
    memset(&walk, 0, sizeof(walk));
    walk.a = a;
    walk.root_len = strlen(root);
    assert_int_equal(nftw(root, walk_one, 16, FTW_PHYS), 0);
    assert_int_equal(walk.errors, 0);
    /* tslib ships modules/package.json ({"type": "module"}): not a package */
    assert_int_equal(walk.rejected.len, 1);
    assert_string_equal(walk.rejected.items[0], "node_modules/tslib/modules/package.json");
    sort_lines(&walk.got);
    /* the very lines of npm: location, name, version and license of all 21 */
    mt_vec want = npm_listing(a, COL_LOC | COL_NAME | COL_VERSION | COL_LICENSE, false);
    assert_int_equal(want.len, 21);
    pkgfx_assert_same(&walk.got, &want);
    mt_vec_free(&want);
    mt_vec_free(&walk.got);
    mt_vec_free(&walk.rejected);
}

/* ---- the lock files of the same project ---- */

static void test_npm_lock_v3_matches_npm(void **state)
{
    /* one package per location, nested copies included, with licenses */
    check_lock(state, pkg_parse_npm_lock, "node/project/package-lock.json",
               COL_NAME | COL_VERSION | COL_LICENSE, false);
    size_t len;
    char *data = pkgfx_read("node/project/package-lock.json", &len);
    parsed r = parse_with(state, pkg_parse_npm_lock, data, len, "app/package-lock.json");
    assert_int_equal(r.pkgs.len, 21);
    /* the alias node_modules/ms-old is the package ms */
    assert_non_null(pkgfx_find(&r, "ms", "2.1.2"));
    assert_null(pkgfx_find(&r, "ms-old", NULL));
    assert_non_null(pkgfx_find(&r, "@types/node", NULL));
    mt_pkg *p = pkgfx_find(&r, "ms", "2.0.0"); /* node_modules/debug/node_modules/ms */
    assert_string_equal(p->checksum, "sha512-Tpp60P6IUJDTuOq/5Z8cdskzJujfwqfOTkrwIwj7IRISpnkJnT6SyJ"
                                     "4PCPnGMoFjC9ddhal5KVIYtAt97ix05A==");
    /* the name is what pkg_purl() expects for a scope */
    p = pkgfx_find(&r, "@types/node", NULL);
    pkg_purl(*state, p, NULL);
    assert_string_equal(p->purl, mt_arena_printf(*state, "pkg:npm/%%40types/node@%s", p->version));
    pkgfx_parsed_free(&r);
    free(data);
}

static void test_npm_lock_v2_matches_npm(void **state)
{
    check_lock(state, pkg_parse_npm_lock, "node/package-lock.v2.json",
               COL_NAME | COL_VERSION | COL_LICENSE, false);
}

static void test_npm_lock_v1_matches_npm(void **state)
{
    /* v1 records no licenses */
    check_lock(state, pkg_parse_npm_lock, "node/package-lock.v1.json", COL_NAME | COL_VERSION,
               false);
    check_checksums(state, pkg_parse_npm_lock, "node/package-lock.v1.json");
}

static void test_yarn_v1_matches_npm(void **state)
{
    check_lock(state, pkg_parse_yarn_lock, "node/yarn.v1.lock", COL_NAME | COL_VERSION, true);
    check_checksums(state, pkg_parse_yarn_lock, "node/yarn.v1.lock");
}

static void test_yarn_berry_matches_npm(void **state)
{
    check_lock(state, pkg_parse_yarn_lock, "node/yarn.berry.lock", COL_NAME | COL_VERSION, true);
    size_t len;
    char *data = pkgfx_read("node/yarn.berry.lock", &len);
    parsed r = parse_with(state, pkg_parse_yarn_lock, data, len, NULL);
    for (size_t i = 0; i < r.pkgs.len; i++)
        assert_true(mt_startswith(pkgfx_pkg_at(&r, i)->checksum, "10c0/"));
    assert_null(pkgfx_find(&r, "moat-node-fixture", NULL)); /* the workspace itself */
    pkgfx_parsed_free(&r);
    free(data);
}

static void test_pnpm_matches_npm(void **state)
{
    static const char *const files[] = {"node/pnpm-lock.v5.yaml", "node/pnpm-lock.v6.yaml",
                                        "node/pnpm-lock.v9.yaml"};
    for (size_t i = 0; i < MT_ARRAY_LEN(files); i++) {
        check_lock(state, pkg_parse_pnpm_lock, files[i], COL_NAME | COL_VERSION, true);
        check_checksums(state, pkg_parse_pnpm_lock, files[i]);
    }
}

/* ---- installed-manifest paths ---- */

static void test_installed_manifest_paths(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "node_modules/pkg/package.json",
        "/app/node_modules/pkg/package.json",
        "app/node_modules/@s/pkg/package.json",
        "node_modules/a/node_modules/b/package.json",
        "node_modules/a/node_modules/@s/b/package.json",
        "usr/lib/node_modules/npm/node_modules/semver/package.json",
        "node_modules/.pnpm/a@1.0.0/node_modules/a/package.json",
        "node_modules/@s/pkg/node_modules/x/package.json",
    };
    static const char *const no[] = {
        "node_modules/pkg/lib/package.json",
        "/app/node_modules/@s/pkg/lib/package.json",
        "node_modules/.package-lock.json",
        "node_modules/package.json",
        "node_modules/@s/package.json",
        "node_modules/.bin/package.json",
        "node_modules/.pnpm/package.json",
        "node_modules/@/pkg/package.json",
        "node_modules/node_modules/package.json",
        "node_modules/@s/.hidden/package.json",
        "node_modules/@s/@t/package.json",
        "app/package.json",
        "package.json",
        "node_modules/pkg/package.json.bak",
        "node_modules/pkg/Package.json",
        "node_modules//package.json",
        "my_node_modules/pkg/package.json",
        "node_modules/pkg/",
        "",
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(yes); i++) {
        if (!pkg_npm_is_installed_manifest(yes[i])) {
            fprintf(stderr, "not taken: %s\n", yes[i]);
            fail();
        }
    }
    for (size_t i = 0; i < MT_ARRAY_LEN(no); i++) {
        if (pkg_npm_is_installed_manifest(no[i])) {
            fprintf(stderr, "taken: %s\n", no[i]);
            fail();
        }
    }
    assert_false(pkg_npm_is_installed_manifest(NULL));
}

/* ---- package.json ---- */

static mt_pkg *one_manifest(void **state, const char *text, const char *path)
{
    parsed r = parse_with(state, pkg_parse_npm_package_json, text, strlen(text), path);
    assert_no_errors(&r);
    assert_int_equal(r.pkgs.len, 1);
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    pkgfx_parsed_free(&r);
    return p;
}

static void test_package_json_licenses(void **state)
{
    const char *path = "node_modules/x/package.json";
    mt_pkg *p =
        one_manifest(state, "{\"name\":\"x\",\"version\":\"1.0.0\",\"license\":\"MIT\"}", path);
    assert_string_equal(p->name, "x");
    assert_string_equal(p->version, "1.0.0");
    assert_string_equal(p->license, "MIT");
    assert_null(p->checksum);
    p = one_manifest(state,
                     "{\"name\":\"x\",\"version\":\"1.0.0\",\"license\":{\"type\":\"ISC\","
                     "\"url\":\"https://example.org\"}}",
                     path);
    assert_string_equal(p->license, "ISC");
    p = one_manifest(state,
                     "{\"name\":\"x\",\"version\":\"1\",\"licenses\":[{\"type\":\"MIT\"},"
                     "{\"type\":\"Apache-2.0\",\"url\":\"u\"}]}",
                     path);
    assert_string_equal(p->license, "MIT OR Apache-2.0");
    p = one_manifest(state, "{\"name\":\"x\",\"version\":\"1\",\"licenses\":{\"type\":\"BSD\"}}",
                     path);
    assert_string_equal(p->license, "BSD");
    p = one_manifest(state, "{\"name\":\"x\",\"version\":\"1\",\"licenses\":\"GPL-2.0\"}", path);
    assert_string_equal(p->license, "GPL-2.0");
    p = one_manifest(state, "{\"name\":\"x\",\"version\":\"1\",\"license\":[\"MIT\",\"X11\"]}",
                     path);
    assert_string_equal(p->license, "MIT OR X11");
    /* "license" wins over "licenses"; odd types give no license */
    p = one_manifest(state,
                     "{\"name\":\"x\",\"version\":\"1\",\"license\":\"0BSD\",\"licenses\":"
                     "\"MIT\"}",
                     path);
    assert_string_equal(p->license, "0BSD");
    p = one_manifest(state, "{\"name\":\"x\",\"version\":\"1\",\"license\":42}", path);
    assert_null(p->license);
    p = one_manifest(state, "{\"name\":\"x\",\"version\":\"1\",\"license\":\"  \"}", path);
    assert_null(p->license);
}

static void test_package_json_fields(void **state)
{
    /* npm 6 wrote _integrity into installed manifests; a BOM is dropped */
    mt_pkg *p = one_manifest(state,
                             "\xef\xbb\xbf{\"name\":\"@s/x\",\"version\":\"2.0.0-rc.1\","
                             "\"_integrity\":\"sha1-AAAA\",\"_from\":\"@s/x@^2\"}",
                             "node_modules/@s/x/package.json");
    assert_string_equal(p->name, "@s/x");
    assert_string_equal(p->version, "2.0.0-rc.1");
    assert_string_equal(p->checksum, "sha1-AAAA");
    /* no name: the folder's, as npm takes it */
    p = one_manifest(state, "{\"version\":\"1.2.3\"}", "/app/node_modules/@s/y/package.json");
    assert_string_equal(p->name, "@s/y");
    p = one_manifest(state, "{\"version\":\"1.2.3\"}", "node_modules/z/package.json");
    assert_string_equal(p->name, "z");
    /* no path at all */
    const char *q = "{\"name\":\"q\",\"version\":\"1\"}";
    parsed r = parse_with(state, pkg_parse_npm_package_json, q, strlen(q), NULL);
    assert_int_equal(r.pkgs.len, 1);
    pkgfx_parsed_free(&r);
}

static void test_package_json_malformed(void **state)
{
    parsed r = parse_s(state, pkg_parse_npm_package_json,
                       "{\n  \"name\": \"x\",\n  \"description\": \"d\",\n  \"version\": 1\n}\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 4, "\"version\" is not a string");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json, "{\n  \"name\": \"x\"\n}\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 1, "no \"version\"");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json, "{\n  \"version\": \"1\"\n}\n");
    assert_err(&r, 0, 1, "no \"name\""); /* and the path "lock" names no folder */
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json,
                "{\n  \"version\": \"1\",\n  \"name\": [\"x\"]\n}\n");
    assert_err(&r, 0, 3, "\"name\" is not a string");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json,
                "{\n  \"name\": \"x\",\n  \"version\": \"1\",\n}\n");
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 4, "invalid JSON");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json, "[1, 2]");
    assert_err(&r, 0, 1, "not an object");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json,
                "{\"version\": \"1\",\n \"name\": \"bad name\"}");
    assert_err(&r, 0, 2, "invalid package name");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json,
                "{\"name\": \"a\",\n \"version\": \"1\\u0001\"}");
    assert_err(&r, 0, 2, "control character");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json, "{\"name\": \"a/b\", \"version\": \"1\"}");
    assert_err(&r, 0, 1, "does not start with '@'");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json, "{\"name\": \"@a/b/c\", \"version\": \"1\"}");
    assert_err(&r, 0, 1, "more than one '/'");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_package_json, "{\"name\": \"@a\", \"version\": \"1\"}");
    assert_err(&r, 0, 1, "\"@scope/name\"");
    pkgfx_parsed_free(&r);

    /* a license that cannot be kept is dropped, the package is not */
    r = parse_s(state, pkg_parse_npm_package_json,
                "{\"name\": \"a\", \"version\": \"1\",\n\"license\": \"M\\nIT\"}");
    assert_int_equal(r.pkgs.len, 1);
    assert_null(pkgfx_pkg_at(&r, 0)->license);
    assert_err(&r, 0, 2, "license holds a control character");
    pkgfx_parsed_free(&r);

    /* empty input, NULL input, and too large */
    r = parse_with(state, pkg_parse_npm_package_json, NULL, 0, "p");
    assert_err(&r, 0, 1, "invalid JSON");
    pkgfx_parsed_free(&r);
    r = parse_with(state, pkg_parse_npm_package_json, "{}", PKG_NODE_MAX_MANIFEST + 1, "p");
    assert_err(&r, 0, 0, "larger than the limit");
    pkgfx_parsed_free(&r);
}

/* ---- package-lock.json ---- */

static void test_npm_lock_v1_cases(void **state)
{
    const char *text = "{\n"                                                  /* 1 */
                       "  \"lockfileVersion\": 1,\n"                          /* 2 */
                       "  \"dependencies\": {\n"                              /* 3 */
                       "    \"a\": {\"version\": \"1.0.0\", \"dev\": true,\n" /* 4 */
                       "      \"integrity\": \"sha512-aa\",\n"                /* 5 */
                       "      \"dependencies\": {\n"                          /* 6 */
                       "        \"b\": {\"version\": \"2.0.0\"},\n"           /* 7 */
                       "        \"bad\": {\"version\": 2},\n"                 /* 8 */
                       "        \"@s/c\": {\"version\": \"3.0.0\", \"bundled\": true}\n"
                       "      }\n"                                           /* 10 */
                       "    },\n"                                            /* 11 */
                       "    \"b\": {\"version\": \"2.0.1\"},\n"              /* 12 */
                       "    \"bad\": \"1.0.0\",\n"                           /* 13 */
                       "    \"al\": {\"version\": \"npm:@s/real@4.0.0\"},\n" /* 14 */
                       "    \"al2\": {\"version\": \"npm:real2@5.0.0\"},\n"  /* 15 */
                       "    \"g\": {\"version\": \"github:u/g#abc\"}\n"      /* 16 */
                       "  }\n"
                       "}\n";
    parsed r = parse_s(state, pkg_parse_npm_lock, text);
    assert_int_equal(r.pkgs.len, 7);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "a");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->checksum, "sha512-aa");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->name, "b");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->version, "2.0.0");
    assert_string_equal(pkgfx_pkg_at(&r, 2)->name, "@s/c");
    assert_string_equal(pkgfx_pkg_at(&r, 3)->version, "2.0.1");
    assert_string_equal(pkgfx_pkg_at(&r, 4)->name, "@s/real");
    assert_string_equal(pkgfx_pkg_at(&r, 4)->version, "4.0.0");
    assert_string_equal(pkgfx_pkg_at(&r, 5)->name, "real2");
    assert_string_equal(pkgfx_pkg_at(&r, 5)->version, "5.0.0");
    assert_string_equal(pkgfx_pkg_at(&r, 6)->version, "github:u/g#abc");
    assert_int_equal(r.errs.len, 2);
    assert_err(&r, 0, 8, "'bad' has no \"version\"");
    assert_err(&r, 1, 13, "'bad' is not an object");
    pkgfx_parsed_free(&r);

    /* nesting past PKG_NODE_MAX_DEPTH is reported once, not followed */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "{\"dependencies\": ");
    for (int i = 0; i < PKG_NODE_MAX_DEPTH + 5; i++)
        mt_buf_printf(&b, "{\"p%d\": {\"version\": \"1\", \"dependencies\": ", i);
    mt_buf_puts(&b, "{}");
    for (int i = 0; i < PKG_NODE_MAX_DEPTH + 5; i++)
        mt_buf_puts(&b, "}}");
    mt_buf_puts(&b, "}");
    r = parse_with(state, pkg_parse_npm_lock, b.data, b.len, NULL);
    assert_int_equal(r.pkgs.len, PKG_NODE_MAX_DEPTH);
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 1, "nested more than");
    pkgfx_parsed_free(&r);
    mt_buf_free(&b);
}

static void test_npm_lock_v3_cases(void **state)
{
    const char *text =
        "{\n"                                                                      /* 1 */
        "  \"name\": \"app\", \"lockfileVersion\": 3,\n"                           /* 2 */
        "  \"packages\": {\n"                                                      /* 3 */
        "    \"\": {\"name\": \"app\", \"version\": \"1.0.0\"},\n"                 /* 4 */
        "    \"node_modules/a\": {\"version\": \"1.0.0\", \"license\": \"MIT\",\n" /* 5 */
        "      \"integrity\": \"sha512-x\", \"dev\": true, \"optional\": true},\n" /* 6 */
        "    \"node_modules/@s/b\": {\"version\": \"2.0.0\",\n"                    /* 7 */
        "      \"license\": {\"type\": \"ISC\"}},\n"                               /* 8 */
        "    \"node_modules/a/node_modules/@s/b\": {\"version\": \"2.1.0\"},\n"    /* 9 */
        "    \"node_modules/alias\": {\"name\": \"real\", \"version\": \"3.0.0\"},\n"
        "    \"node_modules/ws\": {\"resolved\": \"packages/ws\", \"link\": true},\n" /* 11 */
        "    \"packages/ws\": {\"name\": \"@app/ws\", \"version\": \"0.1.0\",\n"      /* 12 */
        "      \"license\": \"Apache-2.0\"},\n"                                       /* 13 */
        "    \"packages/ws/node_modules/c\": {\"version\": \"4.0.0\"},\n"             /* 14 */
        "    \"node_modules/broken\": {\"resolved\": \"nowhere\", \"link\": true},\n"
        "    \"node_modules/nov\": {\"license\": \"MIT\"},\n" /* 16 */
        "    \"node_modules/a/lib\": {\"version\": \"1\"},\n" /* 17 */
        "    \"node_modules/str\": \"1.0.0\",\n"              /* 18 */
        "    \"node_modules/d\": {\"version\": \"\"}\n"       /* 19 */
        "  },\n"
        "  \"dependencies\": {\"ignored\": {\"version\": \"9.9.9\"}}\n"
        "}\n";
    parsed r = parse_s(state, pkg_parse_npm_lock, text);
    assert_int_equal(r.pkgs.len, 6);
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    assert_string_equal(p->name, "a");
    assert_string_equal(p->license, "MIT");
    assert_string_equal(p->checksum, "sha512-x");
    p = pkgfx_pkg_at(&r, 1);
    assert_string_equal(p->name, "@s/b");
    assert_string_equal(p->license, "ISC");
    assert_null(p->checksum);
    assert_string_equal(pkgfx_pkg_at(&r, 2)->version, "2.1.0");
    assert_string_equal(pkgfx_pkg_at(&r, 3)->name, "real");
    p = pkgfx_pkg_at(&r, 4);
    assert_string_equal(p->name, "@app/ws");
    assert_string_equal(p->version, "0.1.0");
    assert_string_equal(p->license, "Apache-2.0");
    assert_string_equal(pkgfx_pkg_at(&r, 5)->name, "c");
    assert_null(pkgfx_find(&r, "app", NULL));
    assert_null(pkgfx_find(&r, "ignored", NULL));
    assert_int_equal(r.errs.len, 5);
    assert_err(&r, 0, 15, "does not resolve");
    assert_err(&r, 1, 16, "'node_modules/nov' has no \"version\"");
    assert_err(&r, 2, 17, "not a package folder");
    assert_err(&r, 3, 18, "not an object");
    assert_err(&r, 4, 19, "version is empty");
    pkgfx_parsed_free(&r);

    /* the hidden lock file has no root entry; CRLF is the same */
    r = parse_s(state, pkg_parse_npm_lock,
                "{\r\n\"lockfileVersion\": 3,\r\n\"packages\": {\r\n"
                "\"node_modules/x\": {\"version\": \"1.0.0\"}}}\r\n");
    assert_no_errors(&r);
    assert_int_equal(r.pkgs.len, 1);
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_lock, "{\"lockfileVersion\": \"3\",\n\"packages\": []}");
    assert_int_equal(r.errs.len, 2);
    assert_err(&r, 0, 1, "\"lockfileVersion\" is not a number");
    assert_err(&r, 1, 2, "\"packages\" is not an object");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_lock, "{\"lockfileVersion\": 1,\n\"dependencies\": 5}");
    assert_err(&r, 0, 2, "\"dependencies\" is not an object");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_npm_lock, "{\"lockfileVersion\": 3,\n\"packages\": {\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 3, "invalid JSON");
    pkgfx_parsed_free(&r);

    /* a project without dependencies */
    r = parse_s(state, pkg_parse_npm_lock, "{\"name\": \"x\", \"lockfileVersion\": 1}");
    assert_no_errors(&r);
    assert_int_equal(r.pkgs.len, 0);
    pkgfx_parsed_free(&r);
}

/* ---- yarn.lock v1 ---- */

static void test_yarn_v1_cases(void **state)
{
    const char *text =
        "# THIS IS AN AUTOGENERATED FILE. DO NOT EDIT THIS FILE DIRECTLY.\n" /* 1 */
        "# yarn lockfile v1\n"                                               /* 2 */
        "\n"                                                                 /* 3 */
        "\n"                                                                 /* 4 */
        "\"@babel/core@^7.0.0\", \"@babel/core@^7.1.0\":\n"                  /* 5 */
        "  version \"7.1.0\"\n"                                              /* 6 */
        "  resolved \"https://registry.yarnpkg.com/@babel/core/-/core-7.1.0.tgz#abc\"\n"
        "  integrity sha512-core==\n"                               /* 8 */
        "  dependencies:\n"                                         /* 9 */
        "    \"@babel/code-frame\" \"^7.0.0\"\n"                    /* 10 */
        "    debug \"^4.1.0\"\n"                                    /* 11 */
        "\n"                                                        /* 12 */
        "debug@^4.1.0, debug@^4.3.1:\n"                             /* 13 */
        "  version \"4.3.4\"\n"                                     /* 14 */
        "  optionalDependencies:\n"                                 /* 15 */
        "    # a comment\n"                                         /* 16 */
        "    ms \"2.1.2\"\n"                                        /* 17 */
        "  optional true\n"                                         /* 18 */
        "\n"                                                        /* 19 */
        "\"ms-old@npm:ms@2.1.2\":\n"                                /* 20 */
        "  version \"2.1.2\"\n"                                     /* 21 */
        "\n"                                                        /* 22 */
        "\"sc-al@npm:@s/real@^1\":\n"                               /* 23 */
        "  version \"1.0.1\"\n"                                     /* 24 */
        "\n"                                                        /* 25 */
        "ms@2.1.2:\n"                                               /* 26 */
        "  version \"2.1.2\"\n"                                     /* 27 */
        "\n"                                                        /* 28 */
        "\"esc\\u0061pe@1\":\n"                                     /* 29 */
        "  version \"1.0.0\"\n"                                     /* 30 */
        "\n"                                                        /* 31 */
        "\"gitdep@git+https://github.com/u/gitdep.git#abc\":\n"     /* 32 */
        "  version \"0.0.1\"\n"                                     /* 33 */
        "  resolved \"git+https://github.com/u/gitdep.git#abc\"\n"; /* 34 */
    parsed r = parse_s(state, pkg_parse_yarn_lock, text);
    assert_no_errors(&r);
    assert_int_equal(r.pkgs.len, 6); /* ms@2.1.2 once */
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    assert_string_equal(p->name, "@babel/core");
    assert_string_equal(p->version, "7.1.0");
    assert_string_equal(p->checksum, "sha512-core==");
    p = pkgfx_pkg_at(&r, 1);
    assert_string_equal(p->name, "debug");
    assert_string_equal(p->version, "4.3.4");
    assert_null(p->checksum);
    assert_string_equal(pkgfx_pkg_at(&r, 2)->name, "ms");
    assert_string_equal(pkgfx_pkg_at(&r, 3)->name, "@s/real");
    assert_string_equal(pkgfx_pkg_at(&r, 4)->name, "escape");
    assert_string_equal(pkgfx_pkg_at(&r, 5)->name, "gitdep");
    pkgfx_parsed_free(&r);

    /* the same with CRLF line ends */
    mt_buf crlf;
    mt_buf_init(&crlf);
    for (const char *c = text; *c; c++) {
        if (*c == '\n')
            mt_buf_putc(&crlf, '\r');
        mt_buf_putc(&crlf, *c);
    }
    r = parse_with(state, pkg_parse_yarn_lock, crlf.data, crlf.len, NULL);
    assert_no_errors(&r);
    assert_int_equal(r.pkgs.len, 6);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->checksum, "sha512-core==");
    pkgfx_parsed_free(&r);
    mt_buf_free(&crlf);
}

static void test_yarn_v1_malformed(void **state)
{
    const char *text = "a@1:\n"                 /* 1 */
                       "  resolved \"x\"\n"     /* 2: no version */
                       "\n"                     /* 3 */
                       "b@1\n"                  /* 4: no ':' */
                       "  version \"1\"\n"      /* 5 */
                       "c@1:\n"                 /* 6 */
                       "  version \"1\"\n"      /* 7 */
                       "      deep \"x\"\n"     /* 8: no block opened */
                       "d@1:\n"                 /* 9 */
                       "    version \"1\"\n"    /* 10 */
                       "  other \"x\"\n"        /* 11: less indented */
                       "e@1:\n"                 /* 12 */
                       "  version \"1\n"        /* 13: not closed */
                       "f@1:\n"                 /* 14 */
                       "  version \"1\"\n"      /* 15 */
                       "  version \"2\"\n"      /* 16: twice */
                       "g@1:\n"                 /* 17 */
                       "\tversion \"1\"\n"      /* 18: tab */
                       "h@1:\n"                 /* 19 */
                       "  version: 1\n"         /* 20: berry syntax */
                       "\"i@1\" x:\n"           /* 21 */
                       "  version \"1\"\n"      /* 22 */
                       ", j@1:\n"               /* 23 */
                       "  version \"1\"\n"      /* 24 */
                       "k@1:\n"                 /* 25 */
                       "  version\n"            /* 26: no value */
                       "l@1:\n"                 /* 27 */
                       "  version \"\\q\"\n"    /* 28: bad escape */
                       "m@1, n@1:\n"            /* 29 */
                       "  version \"1.0.0\"\n"  /* 30: two names, kept as m */
                       "ok@1:\n"                /* 31 */
                       "  version \"1.0.0\"\n"; /* 32 */
    parsed r = parse_s(state, pkg_parse_yarn_lock, text);
    assert_int_equal(r.pkgs.len, 2);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "m");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->name, "ok");
    assert_err(&r, 0, 1, "has no version");
    assert_err(&r, 1, 4, "does not end with ':'");
    assert_err(&r, 2, 8, "unexpected indentation");
    assert_err(&r, 3, 11, "inconsistent indentation");
    assert_err(&r, 4, 13, "not closed");
    assert_err(&r, 5, 16, "duplicate field 'version'");
    assert_err(&r, 6, 18, "tab");
    assert_err(&r, 7, 20, "text after ':'");
    assert_err(&r, 8, 21, "text after a quoted descriptor");
    assert_err(&r, 9, 23, "empty descriptor");
    assert_err(&r, 10, 26, "has no value");
    assert_err(&r, 11, 28, "invalid escape");
    assert_err(&r, 12, 29, "different packages");
    assert_int_equal(r.errs.len, 13);
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_yarn_lock, "  version \"1\"\n  x y\nz@1:\n  version \"1\"\n");
    assert_int_equal(r.pkgs.len, 1);
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 1, "outside an entry");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_yarn_lock, "");
    assert_int_equal(r.pkgs.len + r.errs.len, 0);
    pkgfx_parsed_free(&r);

    /* empty quoted strings */
    r = parse_s(state, pkg_parse_yarn_lock,
                "a@1:\n  \"\" \"x\"\n  version \"\"\n\"\":\n  version \"1\"\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 2);
    assert_err(&r, 0, 1, "version is empty");
    assert_err(&r, 1, 4, "empty descriptor");
    pkgfx_parsed_free(&r);

    /* a NUL decoded from \u0000 is seen, not taken as the end */
    r = parse_s(state, pkg_parse_yarn_lock, "a@1:\n  version \"1\\u0000x\"\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 1, "version holds a control character");
    pkgfx_parsed_free(&r);
}

/* ---- yarn berry ---- */

static void test_yarn_berry_cases(void **state)
{
    const char *text =
        "# This file is generated by running \"yarn install\" inside your project.\n" /* 1 */
        "\n"                                                                          /* 2 */
        "__metadata:\n"                                                               /* 3 */
        "  version: 8\n"                                                              /* 4 */
        "  cacheKey: 10c0\n"                                                          /* 5 */
        "\n"                                                                          /* 6 */
        "\"@babel/core@npm:^7.0.0, @babel/core@npm:^7.1.0\":\n"                       /* 7 */
        "  version: 7.23.0\n"                                                         /* 8 */
        "  resolution: \"@babel/core@npm:7.23.0\"\n"                                  /* 9 */
        "  checksum: 10c0/abc\n"                                                      /* 10 */
        "  languageName: node\n"                                                      /* 11 */
        "  linkType: hard\n"                                                          /* 12 */
        "\n"                                                                          /* 13 */
        "\"ms-old@npm:ms@2.1.2\":\n"                                                  /* 14 */
        "  version: 2.1.2\n"                                                          /* 15 */
        "  resolution: \"ms@npm:2.1.2\"\n"                                            /* 16 */
        "\n"                                                                          /* 17 */
        "\"resolve@npm:^1.20.0\":\n"                                                  /* 18 */
        "  version: 1.22.8\n"                                                         /* 19 */
        "  resolution: \"resolve@npm:1.22.8\"\n"                                      /* 20 */
        "\n"                                                                          /* 21 */
        "\"resolve@patch:resolve@npm%3A^1.20.0#optional!builtin<compat/resolve>\":\n" /* 22 */
        "  version: 1.22.8\n"                                                         /* 23 */
        "  resolution: \"resolve@patch:resolve@npm%3A1.22.8#optional!builtin<compat/"
        "resolve>::version=1.22.8&hash=c3c19d\"\n" /* 24 */
        "\n"                                       /* 25 */
        "\"app@workspace:.\":\n"                   /* 26 */
        "  version: 0.0.0-use.local\n"             /* 27 */
        "  resolution: \"app@workspace:.\"\n"      /* 28 */
        "  languageName: unknown\n"                /* 29 */
        "  linkType: soft\n"                       /* 30 */
        "\n"                                       /* 31 */
        "\"nores@npm:^3\":\n"                      /* 32 */
        "  version: 3.0.1\n"                       /* 33 */
        "\n"                                       /* 34 */
        "\"nover@npm:^3\":\n"                      /* 35 */
        "  resolution: \"nover@npm:3.0.0\"\n"      /* 36 */
        "\n"                                       /* 37 */
        "\"scalar@npm:1\": 5\n"                    /* 38 */
        "\"bad name@npm:1\":\n"                    /* 39 */
        "  version: 1.0.0\n";                      /* 40 */
    parsed r = parse_s(state, pkg_parse_yarn_lock, text);
    assert_int_equal(r.pkgs.len, 4);
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    assert_string_equal(p->name, "@babel/core");
    assert_string_equal(p->version, "7.23.0");
    assert_string_equal(p->checksum, "10c0/abc");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->name, "ms");
    assert_string_equal(pkgfx_pkg_at(&r, 2)->name, "resolve");
    assert_null(pkgfx_pkg_at(&r, 2)->checksum);
    assert_string_equal(pkgfx_pkg_at(&r, 3)->name, "nores");
    assert_string_equal(pkgfx_pkg_at(&r, 3)->version, "3.0.1");
    assert_int_equal(r.errs.len, 3);
    assert_err(&r, 0, 35, "has no version");
    assert_err(&r, 1, 38, "is not a mapping");
    assert_err(&r, 2, 39, "invalid package name");
    pkgfx_parsed_free(&r);

    /* broken YAML: the line of the error, and what came before is kept */
    r = parse_s(state, pkg_parse_yarn_lock,
                "__metadata:\n  version: 8\n\"a@npm:1\":\n  version: 1.0.0\n  b: [\nc: d\n");
    assert_true(r.errs.len >= 1);
    assert_true(pkgfx_err_at(&r, 0)->line >= 5);
    assert_non_null(strstr(pkgfx_err_at(&r, 0)->message, "invalid YAML"));
    pkgfx_parsed_free(&r);

    /* aliases are not resolved: a value that is an alias is not a version */
    r = parse_s(state, pkg_parse_yarn_lock,
                "__metadata:\n  version: &v 8\n\"a@npm:1\":\n  version: *v\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 3, "has no version");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_yarn_lock, "__metadata:\n  version: 8\n");
    assert_no_errors(&r);
    assert_int_equal(r.pkgs.len, 0);
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_yarn_lock, "- __metadata:\n__metadata:\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_true(r.errs.len >= 1);
    pkgfx_parsed_free(&r);
}

/* ---- pnpm-lock.yaml ---- */

static void test_pnpm_v5_keys(void **state)
{
    const char *text = "lockfileVersion: 5.4\n"                          /* 1 */
                       "\n"                                              /* 2 */
                       "specifiers:\n"                                   /* 3 */
                       "  a: ^1.0.0\n"                                   /* 4 */
                       "dependencies:\n"                                 /* 5 */
                       "  a: 1.0.0\n"                                    /* 6 */
                       "\n"                                              /* 7 */
                       "packages:\n"                                     /* 8 */
                       "\n"                                              /* 9 */
                       "  /a/1.0.0:\n"                                   /* 10 */
                       "    resolution: {integrity: sha512-a}\n"         /* 11 */
                       "    dev: false\n"                                /* 12 */
                       "\n"                                              /* 13 */
                       "  /@s/b/2.0.0_react@18.2.0:\n"                   /* 14 */
                       "    resolution: {integrity: sha512-b}\n"         /* 15 */
                       "  /@s/b/2.0.0_react@17.0.2:\n"                   /* 16 */
                       "    resolution: {integrity: sha512-b}\n"         /* 17 */
                       "  /@s/c/3.0.0_@babel+core@7.0.0+react@18.2.0:\n" /* 18 */
                       "    resolution: {integrity: sha512-c}\n"         /* 19 */
                       "  github.com/u/d/abcdef:\n"                      /* 20 */
                       "    resolution: {tarball: https://codeload.github.com/u/d/tar.gz/abcdef}\n"
                       "    name: d\n"                  /* 22 */
                       "    version: 4.0.0\n"           /* 23 */
                       "  github.com/u/e/abcdef:\n"     /* 24 */
                       "    resolution: {tarball: x}\n" /* 25 */
                       "  /noversion:\n"                /* 26 */
                       "    dev: true\n";               /* 27 */
    parsed r = parse_s(state, pkg_parse_pnpm_lock, text);
    assert_int_equal(r.pkgs.len, 4);
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    assert_string_equal(p->name, "a");
    assert_string_equal(p->version, "1.0.0");
    assert_string_equal(p->checksum, "sha512-a");
    p = pkgfx_pkg_at(&r, 1);
    assert_string_equal(p->name, "@s/b");
    assert_string_equal(p->version, "2.0.0");
    p = pkgfx_pkg_at(&r, 2);
    assert_string_equal(p->name, "@s/c");
    assert_string_equal(p->version, "3.0.0");
    p = pkgfx_pkg_at(&r, 3);
    assert_string_equal(p->name, "d");
    assert_string_equal(p->version, "4.0.0");
    assert_null(p->checksum);
    assert_int_equal(r.errs.len, 2);
    assert_err(&r, 0, 24, "not a registry package");
    assert_err(&r, 1, 26, "not \"/name/version\"");
    pkgfx_parsed_free(&r);
}

static void test_pnpm_v6_keys(void **state)
{
    const char *text = "lockfileVersion: '6.0'\n"                               /* 1 */
                       "\n"                                                     /* 2 */
                       "dependencies:\n"                                        /* 3 */
                       "  a:\n"                                                 /* 4 */
                       "    specifier: ^1.0.0\n"                                /* 5 */
                       "    version: 1.0.0\n"                                   /* 6 */
                       "\n"                                                     /* 7 */
                       "packages:\n"                                            /* 8 */
                       "\n"                                                     /* 9 */
                       "  /a@1.0.0:\n"                                          /* 10 */
                       "    resolution: {integrity: sha512-a}\n"                /* 11 */
                       "  /@s/b@2.0.0(react@18.2.0):\n"                         /* 12 */
                       "    resolution: {integrity: sha512-b}\n"                /* 13 */
                       "  /@s/b@2.0.0(react@17.0.2):\n"                         /* 14 */
                       "    resolution: {integrity: sha512-b}\n"                /* 15 */
                       "  /@s/c@3.0.0-rc.1(@babel/core@7.0.0)(react@18.2.0):\n" /* 16 */
                       "    resolution: {integrity: sha512-c}\n"                /* 17 */
                       "  '@github.com/u/d/abcdef':\n"                          /* 18 */
                       "    name: d\n"                                          /* 19 */
                       "    version: 4.0.0\n"                                   /* 20 */
                       "  /noat:\n"                                             /* 21 */
                       "    dev: true\n"                                        /* 22 */
                       "  /e@5.0.0: []\n";                                      /* 23 */
    parsed r = parse_s(state, pkg_parse_pnpm_lock, text);
    assert_int_equal(r.pkgs.len, 4);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "a");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->name, "@s/b");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->version, "2.0.0");
    assert_string_equal(pkgfx_pkg_at(&r, 2)->name, "@s/c");
    assert_string_equal(pkgfx_pkg_at(&r, 2)->version, "3.0.0-rc.1");
    assert_string_equal(pkgfx_pkg_at(&r, 2)->checksum, "sha512-c");
    assert_string_equal(pkgfx_pkg_at(&r, 3)->name, "d");
    assert_int_equal(r.errs.len, 2);
    assert_err(&r, 0, 21, "not \"name@version\"");
    assert_err(&r, 1, 23, "is not a mapping");
    pkgfx_parsed_free(&r);
}

static void test_pnpm_v9_keys(void **state)
{
    /* a second YAML document (as pnpm 10 can write) is read too */
    const char *text = "lockfileVersion: '9.0'\n"                          /* 1 */
                       "\n"                                                /* 2 */
                       "importers:\n"                                      /* 3 */
                       "  .:\n"                                            /* 4 */
                       "    dependencies:\n"                               /* 5 */
                       "      local:\n"                                    /* 6 */
                       "        specifier: link:../local\n"                /* 7 */
                       "        version: link:../local\n"                  /* 8 */
                       "\n"                                                /* 9 */
                       "packages:\n"                                       /* 10 */
                       "\n"                                                /* 11 */
                       "  '@s/b@2.0.0':\n"                                 /* 12 */
                       "    resolution: {integrity: sha512-b}\n"           /* 13 */
                       "    peerDependencies:\n"                           /* 14 */
                       "      react: '*'\n"                                /* 15 */
                       "  a@1.0.0:\n"                                      /* 16 */
                       "    resolution: {integrity: sha512-a}\n"           /* 17 */
                       "  d@https://codeload.github.com/u/d/tar.gz/abc:\n" /* 18 */
                       "    resolution: {tarball: https://codeload.github.com/u/d/tar.gz/abc}\n"
                       "    version: 4.0.0\n"                              /* 20 */
                       "  f@file:f:\n"                                     /* 21 */
                       "    resolution: {directory: f, type: directory}\n" /* 22 */
                       "    name: f-real\n"                                /* 23 */
                       "    version: 0.1.0\n"                              /* 24 */
                       "  nover:\n"                                        /* 25 */
                       "    resolution: {integrity: x}\n"                  /* 26 */
                       "\n"                                                /* 27 */
                       "snapshots:\n"                                      /* 28 */
                       "  '@s/b@2.0.0(react@18.2.0)': {}\n"                /* 29 */
                       "  a@1.0.0: {}\n"                                   /* 30 */
                       "---\n"                                             /* 31 */
                       "lockfileVersion: '9.0'\n"                          /* 32 */
                       "packages:\n"                                       /* 33 */
                       "  a@1.0.0:\n"                                      /* 34 */
                       "    resolution: {integrity: sha512-a}\n"           /* 35 */
                       "  g@7.0.0(x@1):\n"                                 /* 36 */
                       "    resolution: {integrity: sha512-g}\n";          /* 37 */
    parsed r = parse_s(state, pkg_parse_pnpm_lock, text);
    assert_int_equal(r.pkgs.len, 5);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "@s/b");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "2.0.0");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->name, "a");
    mt_pkg *p = pkgfx_pkg_at(&r, 2);
    assert_string_equal(p->name, "d");
    assert_string_equal(p->version, "4.0.0");
    assert_null(p->checksum);
    assert_string_equal(pkgfx_pkg_at(&r, 3)->name, "f-real");
    assert_string_equal(pkgfx_pkg_at(&r, 3)->version, "0.1.0");
    assert_string_equal(pkgfx_pkg_at(&r, 4)->name, "g");
    assert_string_equal(pkgfx_pkg_at(&r, 4)->version, "7.0.0");
    assert_null(pkgfx_find(&r, "local", NULL));
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 25, "not \"name@version\"");
    pkgfx_parsed_free(&r);
}

static void test_pnpm_malformed(void **state)
{
    parsed r = parse_s(state, pkg_parse_pnpm_lock,
                       "lockfileVersion: '9.0'\npackages:\n  a@1.0.0:\n    x: [1\n  b@1: {}\n");
    assert_true(r.errs.len >= 1);
    assert_non_null(strstr(pkgfx_err_at(&r, 0)->message, "invalid YAML"));
    assert_true(pkgfx_err_at(&r, 0)->line >= 4 && pkgfx_err_at(&r, 0)->line <= 6); /* 6: the end */
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_pnpm_lock,
                "lockfileVersion: '9.0'\npackages:\n  a@1: {}\n  a@1:\n    version: 2\n");
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 4, "duplicate key 'a@1'");
    assert_int_equal(r.pkgs.len, 1);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "1");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_pnpm_lock, "lockfileVersion: '9.0'\npackages: [a]\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 2, "\"packages\" is not a mapping");
    pkgfx_parsed_free(&r);

    r = parse_s(state, pkg_parse_pnpm_lock, "- a\n- b\n");
    assert_err(&r, 0, 1, "not a YAML mapping");
    pkgfx_parsed_free(&r);

    /* no lockfileVersion: the key format is guessed from the first key */
    r = parse_s(state, pkg_parse_pnpm_lock, "packages:\n  /a/1.0.0: {}\n  /@s/b/2.0.0_x@1: {}\n");
    assert_no_errors(&r);
    assert_int_equal(r.pkgs.len, 2);
    assert_string_equal(pkgfx_pkg_at(&r, 1)->version, "2.0.0");
    pkgfx_parsed_free(&r);
    r = parse_s(state, pkg_parse_pnpm_lock, "packages:\n  /a@1.0.0: {}\n  b@2.0.0: {}\n");
    assert_int_equal(r.pkgs.len, 1);
    assert_int_equal(r.errs.len, 1);
    pkgfx_parsed_free(&r);

    /* invalid UTF-8 is reported and read as U+FFFD (libfyaml 0.7.12 would
     * loop forever on the directive line of the first case, which is then
     * refused as a directive) */
#define FFFD "\xef\xbf\xbd"
    r = parse_s(state, pkg_parse_pnpm_lock,
                "lockfileVersion: '9.0'\npackages:\n  a@1.0.0: {}\n%\x84\n");
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 2);
    assert_err(&r, 0, 4, "not valid UTF-8 (byte 0x84)");
    assert_err(&r, 1, 4, "uses a directive");
    pkgfx_parsed_free(&r);
    r = parse_s(state, pkg_parse_yarn_lock,
                "__metadata:\n  version: 8\n\"a@npm:1\":\n  version: 1.0.\xff\xc0\xaf\n");
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 4, "not valid UTF-8 (byte 0xff)");
    assert_int_equal(r.pkgs.len, 1);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "1.0." FFFD FFFD FFFD);
    pkgfx_parsed_free(&r);
    r = parse_s(state, pkg_parse_pnpm_lock,
                "packages:\n  /\xc3\xa9t\xc3\xa9@1.0.0: {}\n  /\xed\xa0\x80@1: {}\n  "
                "/\xf4\x90\x80\x80@2: {}\n  /\xe0\x80\x80@3: {}\n  /\xf0\x9f\x98\x80@1: {}\n");
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 3, "byte 0xed");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "\xc3\xa9t\xc3\xa9");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->name, FFFD FFFD FFFD);
    assert_string_equal(pkgfx_pkg_at(&r, 2)->name, FFFD FFFD FFFD FFFD);
    assert_string_equal(pkgfx_pkg_at(&r, 3)->name, FFFD FFFD FFFD);
    assert_string_equal(pkgfx_pkg_at(&r, 4)->name, "\xf0\x9f\x98\x80");
    pkgfx_parsed_free(&r);
#undef FFFD

    /* YAML that lock files never use is refused before libfyaml sees it
     * (0.7.12 crashes on the explicit key of the first case) */
    static const struct {
        const char *text;
        int line;
        const char *what;
    } refused[] = {
        {"packages:\n? b:\t:\n", 2, "an explicit key"},
        {"packages:\n  a@1:\t{}\n", 2, "a control character"},
        {"packages:\n  ? b\n  : {}\n", 2, "an explicit key"},
        {"packages:\n  - ? b\n", 2, "an explicit key"},
        {"packages: {? b: c}\n", 1, "an explicit key"},
        {"packages:\n  a@1: !!map {}\n", 2, "a tag"},
        {"packages:\n  a@1: [!x 1]\n", 2, "a tag"},
        {"%YAML 1.2\n---\npackages: {}\n", 1, "a directive"},
        {"packages:\n  a@1: {x: \"\\\x01\"}\n", 2, "a control character"},
        {"packages:\n  a@1: {x: '\x7f'}\n", 2, "a control character"},
        {"packages:\n  'a''''b@1': {}\n", 2, "repeated '' escapes"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(refused); i++) {
        r = parse_s(state, pkg_parse_pnpm_lock, refused[i].text);
        assert_int_equal(r.pkgs.len, 0);
        assert_int_equal(r.errs.len, 1);
        assert_err(&r, 0, refused[i].line, refused[i].what);
        pkgfx_parsed_free(&r);
    }
    /* the same characters where they are content */
    r = parse_s(state, pkg_parse_pnpm_lock,
                "# ? a comment, !, %, '\"\npackages:\n"
                "  a@1.0.0: {x: \"? !y\\t # \\\" '\", y: '? !z '' \"'}\n"
                "  b@2.0.0:\n    x: a ? b ! c%\n    y: \"multi\n      line ? !\"\n"
                "  c@3.0.0: {x: [a?b, '!'], 'y': \"x\"} # ? !\n"
                "  d@4.0.0: &anchor {}\n");
    assert_no_errors(&r);
    assert_int_equal(r.pkgs.len, 4);
    pkgfx_parsed_free(&r);

    /* empty file, empty packages, alias keys, and a file over the limit */
    r = parse_s(state, pkg_parse_pnpm_lock, "");
    assert_int_equal(r.pkgs.len + r.errs.len, 0);
    pkgfx_parsed_free(&r);
    r = parse_s(state, pkg_parse_pnpm_lock, "lockfileVersion: '9.0'\npackages:\n");
    assert_no_errors(&r);
    pkgfx_parsed_free(&r);
    r = parse_s(state, pkg_parse_pnpm_lock,
                "lockfileVersion: '9.0'\nx: &k a@1.0.0\npackages:\n  *k : {}\n");
    assert_int_equal(r.pkgs.len, 0);
    pkgfx_parsed_free(&r);
    r = parse_with(state, pkg_parse_pnpm_lock, "x", PKG_NODE_MAX_LOCK + 1, NULL);
    assert_err(&r, 0, 0, "larger than the limit");
    pkgfx_parsed_free(&r);
    r = parse_with(state, pkg_parse_yarn_lock, "x", PKG_NODE_MAX_LOCK + 1, NULL);
    assert_err(&r, 0, 0, "larger than the limit");
    pkgfx_parsed_free(&r);
    r = parse_with(state, pkg_parse_npm_lock, "x", PKG_NODE_MAX_LOCK + 1, NULL);
    assert_err(&r, 0, 0, "larger than the limit");
    pkgfx_parsed_free(&r);
}

static void test_package_limit(void **state)
{
    /* PKG_NODE_MAX_PACKAGES are listed, then one error and the rest is
     * not read */
    mt_buf b;
    mt_buf_init(&b);
    for (unsigned i = 0; i < PKG_NODE_MAX_PACKAGES + 3; i++)
        mt_buf_printf(&b, "p%u@1:\n  version \"1\"\n", i);
    parsed r = parse_with(state, pkg_parse_yarn_lock, b.data, b.len, NULL);
    assert_int_equal(r.pkgs.len, PKG_NODE_MAX_PACKAGES);
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 2 * PKG_NODE_MAX_PACKAGES + 1, "more than 1000000 packages");
    pkgfx_parsed_free(&r);
    mt_buf_free(&b);
}

static void test_errors_without_sink(void **state)
{
    /* errs may be NULL */
    mt_vec out = {0};
    const char *y = "a@1:\n  version \"1\"\nb\n";
    assert_int_equal(pkg_parse_yarn_lock(*state, y, strlen(y), NULL, &out, NULL), 1);
    assert_int_equal(pkg_parse_npm_lock(*state, "{", 1, NULL, &out, NULL), 0);
    assert_int_equal(pkg_parse_pnpm_lock(*state, "[", 1, NULL, &out, NULL), 0);
    assert_int_equal(pkg_parse_npm_package_json(*state, "{}", 2, NULL, &out, NULL), 0);
    assert_int_equal(out.len, 1);
    mt_vec_free(&out);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_installed_tree_matches_npm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_npm_lock_v3_matches_npm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_npm_lock_v2_matches_npm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_npm_lock_v1_matches_npm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yarn_v1_matches_npm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yarn_berry_matches_npm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pnpm_matches_npm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_installed_manifest_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_json_licenses, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_json_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_json_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_npm_lock_v1_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_npm_lock_v3_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yarn_v1_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yarn_v1_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_yarn_berry_cases, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pnpm_v5_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pnpm_v6_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pnpm_v9_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pnpm_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_package_limit, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errors_without_sink, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
