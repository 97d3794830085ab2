/* test_pkg_java.c — unit tests of the Java archive reader (pkg/java.h).
 *
 * Ground truth: tests/pkg/java (see its README.md and make-fixtures.sh):
 * real jars of Debian's libslf4j-java, a WAR and an EAR nesting them, a
 * jar left with only its MANIFEST.MF, a synthetic manifest, a zip bomb
 * and a jar with a broken pom.properties; expected.tsv lists their
 * packages as unzip and awk read them. Then zips built here with
 * libarchive's writer: pom.properties syntax, manifest fallback rules,
 * nesting deeper than the limit, every limit, malformed and damaged
 * archives (every fixture cut at many lengths and with bytes changed; run
 * under ASan by the sanitizer build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>

#include "pkg/java.h"
#include "pkg/pkg.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

static const char *const fixtures[] = {
    "slf4j-api-1.7.32.jar", "slf4j-simple-1.7.32.jar", "jul-to-slf4j-1.7.32.jar",
    "manifest-only.jar",    "shop.war",                "app.ear",
    "vendor.jar",           "bomb.war",                "bad-pom.jar",
};

typedef struct {
    mt_vec pkgs;
    mt_vec errs;
    size_t n;
} parsed;

static void parsed_free(parsed *r)
{
    mt_vec_free(&r->pkgs);
    mt_vec_free(&r->errs);
}

static parsed parse(mt_arena *a, const char *data, size_t len, const char *path,
                    const pkg_java_limits *lim)
{
    parsed r = {0};
    r.n = pkg_parse_java_archive_limits(a, data, len, path, &r.pkgs, &r.errs, lim);
    assert_int_equal(r.n, r.pkgs.len);
    for (size_t i = 0; i < r.pkgs.len; i++) {
        const mt_pkg *p = r.pkgs.items[i];
        assert_string_equal(p->type, "maven");
        assert_non_null(p->name);
        assert_non_null(p->version);
        assert_true(*p->name && *p->version);
        assert_ptr_equal(p->source_name, p->name);
        assert_ptr_equal(p->source_version, p->version);
        assert_null(p->license);
        assert_null(p->arch);
        assert_null(p->checksum);
        assert_int_equal(p->layer, -1);
        assert_non_null(p->db_path);
    }
    for (size_t i = 0; i < r.errs.len; i++) {
        const mt_pkg_error *e = r.errs.items[i];
        assert_int_equal(e->line, 0);
        assert_non_null(e->message);
        assert_true(*e->message);
    }
    return r;
}

static parsed parse_fixture(mt_arena *a, const char *name, const pkg_java_limits *lim)
{
    size_t len = 0;
    char *data = pkgfx_read(mt_arena_printf(a, "java/%s", name), &len);
    parsed r = parse(a, data, len, name, lim);
    free(data);
    return r;
}

static const mt_pkg *pkg_at(const parsed *r, size_t i)
{
    return r->pkgs.items[i];
}

static bool has_error(const parsed *r, const char *needle)
{
    for (size_t i = 0; i < r->errs.len; i++) {
        if (strstr(((const mt_pkg_error *)r->errs.items[i])->message, needle))
            return true;
    }
    return false;
}

static void print_errs(const parsed *r)
{
    for (size_t i = 0; i < r->errs.len; i++)
        fprintf(stderr, "  error: %s\n", ((mt_pkg_error *)r->errs.items[i])->message);
}

/* ---- zips written here ---- */

typedef struct {
    const char *name;
    const char *data; /* NUL-terminated unless len is set */
    size_t len;
} zentry;

/* A zip of the entries (deflated), malloc()ed. */
static char *make_zip(const zentry *ents, size_t n, size_t *len)
{
    size_t total = 4096;
    for (size_t i = 0; i < n; i++)
        total += (ents[i].len ? ents[i].len : strlen(ents[i].data)) * 2 + 512;
    char *buf = malloc(total);
    assert_non_null(buf);
    struct archive *w = archive_write_new();
    assert_int_equal(archive_write_set_format_zip(w), ARCHIVE_OK);
    size_t used = 0;
    assert_int_equal(archive_write_open_memory(w, buf, total, &used), ARCHIVE_OK);
    for (size_t i = 0; i < n; i++) {
        size_t l = ents[i].len ? ents[i].len : strlen(ents[i].data);
        struct archive_entry *e = archive_entry_new();
        archive_entry_set_pathname(e, ents[i].name);
        archive_entry_set_filetype(e, AE_IFREG);
        archive_entry_set_perm(e, 0644);
        archive_entry_set_size(e, (la_int64_t)l);
        assert_int_equal(archive_write_header(w, e), ARCHIVE_OK);
        assert_int_equal(archive_write_data(w, ents[i].data, l), (la_ssize_t)l);
        archive_entry_free(e);
    }
    assert_int_equal(archive_write_close(w), ARCHIVE_OK);
    archive_write_free(w);
    *len = used;
    return buf;
}

static char *pom(mt_arena *a, const char *g, const char *art, const char *v)
{
    return mt_arena_printf(a, "groupId=%s\nartifactId=%s\nversion=%s\n", g, art, v);
}

/* ---- tests ---- */

static void test_is_archive(void **state)
{
    (void)state;
    assert_true(pkg_java_is_archive("app.jar"));
    assert_true(pkg_java_is_archive("opt/app/lib/x.JAR"));
    assert_true(pkg_java_is_archive("srv/shop.war"));
    assert_true(pkg_java_is_archive("a.Ear"));
    assert_true(pkg_java_is_archive("var/jenkins_home/plugins/git.jpi"));
    assert_true(pkg_java_is_archive("plugins/x.hpi"));
    assert_false(pkg_java_is_archive(".jar"));
    assert_false(pkg_java_is_archive("lib/.jar"));
    assert_false(pkg_java_is_archive("app.jar.sha1"));
    assert_false(pkg_java_is_archive("app.zip"));
    assert_false(pkg_java_is_archive("jar"));
    assert_false(pkg_java_is_archive("a.jar/"));
    assert_false(pkg_java_is_archive(""));
    assert_false(pkg_java_is_archive(NULL));
}

/* Every fixture, against expected.tsv. */
static void test_fixtures_expected(void **state)
{
    mt_arena *a = *state;
    mt_vec got = {0};
    for (size_t i = 0; i < MT_ARRAY_LEN(fixtures); i++) {
        parsed r = parse_fixture(a, fixtures[i], NULL);
        bool expect_errs = strcmp(fixtures[i], "bomb.war") == 0 ||
                           strcmp(fixtures[i], "bad-pom.jar") == 0;
        if (!expect_errs && r.errs.len) {
            print_errs(&r);
            fail_msg("%s: unexpected errors", fixtures[i]);
        }
        for (size_t j = 0; j < r.pkgs.len; j++) {
            const mt_pkg *p = pkg_at(&r, j);
            mt_vec_push(&got, mt_arena_printf(a, "%s\t%s\t%s", p->db_path, p->name, p->version));
        }
        parsed_free(&r);
    }
    qsort(got.items, got.len, sizeof(got.items[0]), pkgfx_strcmp);
    size_t len = 0;
    char *exp = pkgfx_read("java/expected.tsv", &len);
    mt_vec want = pkgfx_lines(a, exp, len);
    free(exp);
    assert_int_equal(want.len, 14);
    pkgfx_assert_same(&got, &want);
    mt_vec_free(&got);
    mt_vec_free(&want);
}

/* A real jar: one package, its purl. */
static void test_real_jar(void **state)
{
    mt_arena *a = *state;
    parsed r = parse_fixture(a, "slf4j-api-1.7.32.jar", NULL);
    assert_int_equal(r.n, 1);
    mt_pkg *p = r.pkgs.items[0];
    assert_string_equal(p->name, "org.slf4j:slf4j-api");
    assert_string_equal(p->version, "1.7.32");
    assert_string_equal(p->db_path, "slf4j-api-1.7.32.jar");
    pkg_purl(a, p, NULL);
    assert_string_equal(p->purl, "pkg:maven/org.slf4j/slf4j-api@1.7.32");
    assert_int_equal(r.errs.len, 0);
    parsed_free(&r);
}

/* The WAR: its own package first, then the nested ones in entry order. */
static void test_war_levels(void **state)
{
    mt_arena *a = *state;
    parsed r = parse_fixture(a, "shop.war", NULL);
    assert_int_equal(r.n, 3);
    assert_string_equal(pkg_at(&r, 0)->db_path, "shop.war");
    assert_string_equal(pkg_at(&r, 0)->name, "com.example:shop");
    assert_string_equal(pkg_at(&r, 1)->db_path, "shop.war!/WEB-INF/lib/slf4j-api-1.7.32.jar");
    assert_string_equal(pkg_at(&r, 1)->name, "org.slf4j:slf4j-api");
    assert_string_equal(pkg_at(&r, 2)->db_path, "shop.war!/WEB-INF/lib/jul-to-slf4j-1.7.32.jar");
    assert_string_equal(pkg_at(&r, 2)->name, "org.slf4j:jul-to-slf4j");
    parsed_free(&r);

    /* The EAR: three levels; max_depth 1 stops below shop.war. */
    r = parse_fixture(a, "app.ear", NULL);
    assert_int_equal(r.n, 4);
    assert_string_equal(pkg_at(&r, 0)->db_path, "app.ear!/shop.war");
    assert_string_equal(pkg_at(&r, 3)->db_path, "app.ear!/manifest-only.jar");
    parsed_free(&r);
    pkg_java_limits lim;
    pkg_java_default_limits(&lim);
    lim.max_depth = 1;
    r = parse_fixture(a, "app.ear", &lim);
    assert_int_equal(r.n, 2);
    assert_string_equal(pkg_at(&r, 0)->db_path, "app.ear!/shop.war");
    assert_string_equal(pkg_at(&r, 1)->db_path, "app.ear!/manifest-only.jar");
    assert_int_equal(r.errs.len, 1);
    assert_true(has_error(&r, "app.ear!/shop.war: WEB-INF/lib/slf4j-api-1.7.32.jar: nested"));
    parsed_free(&r);
    lim.max_depth = 0;
    r = parse_fixture(a, "shop.war", &lim);
    assert_int_equal(r.n, 1);
    assert_string_equal(pkg_at(&r, 0)->db_path, "shop.war");
    assert_int_equal(r.errs.len, 1);
    parsed_free(&r);
}

static void test_manifest_fallback(void **state)
{
    mt_arena *a = *state;
    parsed r = parse_fixture(a, "manifest-only.jar", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "slf4j-nop");
    assert_string_equal(pkg_at(&r, 0)->version, "1.7.32");
    pkg_purl(a, r.pkgs.items[0], NULL);
    assert_string_equal(pkg_at(&r, 0)->purl, "pkg:maven/slf4j-nop@1.7.32");
    parsed_free(&r);

    r = parse_fixture(a, "vendor.jar", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "com.example:com.example.lib");
    assert_string_equal(pkg_at(&r, 0)->version, "2.0.1");
    parsed_free(&r);

    struct {
        const char *mf;
        const char *name; /* NULL: no package */
        const char *version;
    } cases[] = {
        /* title without a version: nothing */
        {"Manifest-Version: 1.0\nImplementation-Title: lib\n", NULL, NULL},
        /* version without a name: nothing */
        {"Implementation-Version: 1.0\nImplementation-Vendor-Id: org.x\n", NULL, NULL},
        /* Implementation-Version beats Bundle-Version; header names any case */
        {"implementation-title: core\nBUNDLE-VERSION: 2\nImplementation-Version: 1.5\n", "core",
         "1.5"},
        /* the main section ends at the first empty line */
        {"Implementation-Title: core\n\nImplementation-Version: 1.5\n", NULL, NULL},
        /* CR line ends, a continued version, trailing blanks */
        {"Implementation-Title: core\rImplementation-Version: 1.\r 5.0  \r", "core", "1.5.0"},
        /* no space after the colon; last header wins */
        {"Implementation-Title:a\nImplementation-Title:b\nBundle-Version:3\n", "b", "3"},
        /* an invalid vendor id is dropped; a version with a blank is not one */
        {"Implementation-Vendor-Id: Acme Inc\nBundle-SymbolicName: x.y\n"
         "Implementation-Version: 1 beta\nBundle-Version: 1.0.0.beta\n",
         "x.y", "1.0.0.beta"},
        /* an unresolved property is not a version */
        {"Implementation-Title: lib\nImplementation-Version: ${project.version}\n", NULL, NULL},
        /* a continuation line without a header before it is ignored */
        {" junk\nImplementation-Title: t\nBundle-Version: 1\n", "t", "1"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        zentry e = {"META-INF/MANIFEST.MF", cases[i].mf, 0};
        size_t len = 0;
        char *zip = make_zip(&e, 1, &len);
        r = parse(a, zip, len, "x.jar", NULL);
        free(zip);
        assert_int_equal(r.errs.len, 0);
        if (!cases[i].name) {
            if (r.n != 0)
                fail_msg("case %zu: unexpected %s", i, pkg_at(&r, 0)->name);
        } else {
            assert_int_equal(r.n, 1);
            assert_string_equal(pkg_at(&r, 0)->name, cases[i].name);
            assert_string_equal(pkg_at(&r, 0)->version, cases[i].version);
        }
        parsed_free(&r);
    }

    /* a value over PKG_MAX_VALUE bytes with its continuation is dropped,
     * not cut */
    {
        mt_buf mf;
        mt_buf_init(&mf);
        mt_buf_puts(&mf, "Implementation-Title: ");
        for (int i = 0; i < 1000; i++)
            mt_buf_putc(&mf, 'a');
        mt_buf_puts(&mf, "\n ");
        for (int i = 0; i < 100; i++)
            mt_buf_putc(&mf, 'b');
        mt_buf_puts(&mf, "\nBundle-SymbolicName: short\nBundle-Version: 1\n");
        zentry e = {"META-INF/MANIFEST.MF", mf.data, 0};
        size_t zlen = 0;
        char *z = make_zip(&e, 1, &zlen);
        mt_buf_free(&mf);
        r = parse(a, z, zlen, "x.jar", NULL);
        free(z);
        assert_int_equal(r.n, 1);
        assert_string_equal(pkg_at(&r, 0)->name, "short");
        parsed_free(&r);
    }

    /* pom.properties wins over the manifest; a broken one does not */
    zentry both[] = {
        {"META-INF/MANIFEST.MF", "Implementation-Title: mf\nImplementation-Version: 9\n", 0},
        {"META-INF/maven/g/a/pom.properties", pom(a, "g", "a", "1"), 0},
    };
    size_t len = 0;
    char *zip = make_zip(both, 2, &len);
    r = parse(a, zip, len, "x.jar", NULL);
    free(zip);
    assert_int_equal(r.n, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "g:a");
    parsed_free(&r);
    both[1].data = "groupId=g\n";
    zip = make_zip(both, 2, &len);
    r = parse(a, zip, len, "x.jar", NULL);
    free(zip);
    assert_int_equal(r.n, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "mf");
    assert_int_equal(r.errs.len, 1);
    assert_true(has_error(&r, "x.jar: META-INF/maven/g/a/pom.properties: no artifactId"));
    parsed_free(&r);
}

static void test_pom_properties(void **state)
{
    mt_arena *a = *state;
    struct {
        const char *props;
        const char *name; /* NULL: reported */
        const char *version;
        const char *error;
    } cases[] = {
        {"#c\n! c\n  groupId = org.x\nartifactId:core\nversion 1.0\n", "org.x:core", "1.0", NULL},
        {"groupId=org.x\r\nartifactId=core\r\nversion=2.0\r\n", "org.x:core", "2.0", NULL},
        {"groupId=org.\\\n   x\nartifactId=c\\u006Fre\nversion=1\\.0\n", "org.x:core", "1.0",
         NULL},
        {"version=1\ngroupId=a\nartifactId=b\nversion=2", "a:b", "2", NULL},
        {"groupId=a\nartifactId=b\nversion=${project.version}\n", NULL, NULL, "unresolved"},
        {"groupId=a b\nartifactId=b\nversion=1\n", NULL, NULL, "groupId is not a valid"},
        {"groupId=a\nartifactId=b/c\nversion=1\n", NULL, NULL, "artifactId is not a valid"},
        {"groupId=a\nartifactId=b\nversion=\n", NULL, NULL, "empty version"},
        {"groupId=a\nartifactId=b\nversion=1\\tx\n", NULL, NULL, "blank or control"},
        {"groupId=a\nartifactId=b\nversion=1\\u00zz\n", NULL, NULL, "\\uXXXX"},
        {"artifactId=b\nversion=1\n", NULL, NULL, "no groupId"},
        {"", NULL, NULL, "no groupId"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        zentry e = {"META-INF/maven/g/a/pom.properties", cases[i].props, 0};
        size_t len = 0;
        char *zip = make_zip(&e, 1, &len);
        parsed r = parse(a, zip, len, "lib/x.jar", NULL);
        free(zip);
        if (cases[i].name) {
            if (r.errs.len)
                print_errs(&r);
            assert_int_equal(r.errs.len, 0);
            assert_int_equal(r.n, 1);
            assert_string_equal(pkg_at(&r, 0)->name, cases[i].name);
            assert_string_equal(pkg_at(&r, 0)->version, cases[i].version);
        } else {
            assert_int_equal(r.n, 0);
            assert_int_equal(r.errs.len, 1);
            if (!has_error(&r, cases[i].error)) {
                print_errs(&r);
                fail_msg("case %zu: no error with \"%s\"", i, cases[i].error);
            }
            assert_true(has_error(&r, "lib/x.jar: META-INF/maven/g/a/pom.properties: "));
        }
        parsed_free(&r);
    }

    /* Only META-INF/maven/G/A/pom.properties counts; duplicates once. */
    zentry ents[] = {
        {"META-INF/maven/g/a/pom.properties", pom(a, "g", "a", "1"), 0},
        {"META-INF/maven/g/a2/pom.properties", pom(a, "g", "a2", "1"), 0},
        {"META-INF/maven/shade/a/pom.properties", pom(a, "g", "a", "1"), 0},
        {"META-INF/maven/g/pom.properties", pom(a, "g", "no", "1"), 0},
        {"META-INF/maven/g/a/b/pom.properties", pom(a, "g", "no", "2"), 0},
        {"x/META-INF/maven/g/a/pom.properties", pom(a, "g", "no", "3"), 0},
        {"META-INF/maven//a/pom.properties", pom(a, "g", "no", "4"), 0},
    };
    size_t len = 0;
    char *zip = make_zip(ents, MT_ARRAY_LEN(ents), &len);
    parsed r = parse(a, zip, len, "x.jar", NULL);
    free(zip);
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.n, 2);
    assert_string_equal(pkg_at(&r, 0)->name, "g:a");
    assert_string_equal(pkg_at(&r, 1)->name, "g:a2");
    parsed_free(&r);
}

/* Nesting deeper than max_depth (4 by default): level k holds g:lk and,
 * but for the last, the next level as inner.jar. */
static void test_deep_nesting(void **state)
{
    mt_arena *a = *state;
    char *inner = NULL;
    size_t ilen = 0;
    for (int k = 7; k >= 0; k--) {
        zentry ents[2] = {
            {"META-INF/maven/g/a/pom.properties", pom(a, "g", mt_arena_printf(a, "l%d", k), "1"),
             0},
            {k % 2 ? "BOOT-INF/lib/inner.jar" : "lib/inner.jar", inner, ilen},
        };
        size_t len = 0;
        char *zip = make_zip(ents, inner ? 2 : 1, &len);
        free(inner);
        inner = zip;
        ilen = len;
    }
    parsed r = parse(a, inner, ilen, "app.jar", NULL);
    assert_int_equal(r.n, 5);
    for (int k = 0; k < 5; k++)
        assert_string_equal(pkg_at(&r, (size_t)k)->name, mt_arena_printf(a, "g:l%d", k));
    assert_string_equal(pkg_at(&r, 4)->db_path,
                        "app.jar!/lib/inner.jar!/BOOT-INF/lib/inner.jar!/lib/inner.jar"
                        "!/BOOT-INF/lib/inner.jar");
    assert_int_equal(r.errs.len, 1);
    assert_true(has_error(&r, "more than 4 levels deep"));
    parsed_free(&r);
    free(inner);
}

static void test_limits(void **state)
{
    mt_arena *a = *state;
    /* the zip bomb: refused, the rest of the WAR read */
    parsed r = parse_fixture(a, "bomb.war", NULL);
    assert_int_equal(r.n, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "com.example:bomb");
    assert_int_equal(r.errs.len, 1);
    assert_true(has_error(&r, "bomb.war: WEB-INF/lib/zeros.jar: entry expands more than 100"));
    parsed_free(&r);

    /* a higher ratio lets it through to the size limit */
    pkg_java_limits lim;
    pkg_java_default_limits(&lim);
    lim.max_ratio = 100000;
    lim.max_entry_bytes = 4u << 20;
    r = parse_fixture(a, "bomb.war", &lim);
    assert_int_equal(r.n, 1);
    assert_true(has_error(&r, "larger than the limit of 4194304"));
    parsed_free(&r);
    /* and with no size limit to be hit, it is read: not a zip */
    lim.max_entry_bytes = 16u << 20;
    r = parse_fixture(a, "bomb.war", &lim);
    assert_int_equal(r.n, 1);
    assert_true(has_error(&r, "bomb.war!/WEB-INF/lib/zeros.jar: not a readable zip"));
    parsed_free(&r);

    /* nested entry size: the stored slf4j-api (42138 bytes) is refused */
    pkg_java_default_limits(&lim);
    lim.max_entry_bytes = 40000;
    r = parse_fixture(a, "shop.war", &lim);
    assert_int_equal(r.n, 2);
    assert_string_equal(pkg_at(&r, 1)->name, "org.slf4j:jul-to-slf4j");
    assert_int_equal(r.errs.len, 1);
    assert_true(has_error(&r, "shop.war: WEB-INF/lib/slf4j-api-1.7.32.jar: entry of 42138 bytes"));
    parsed_free(&r);

    /* total bytes: the call stops once they are spent */
    pkg_java_default_limits(&lim);
    lim.max_total_bytes = 30000;
    r = parse_fixture(a, "shop.war", &lim);
    assert_int_equal(r.n, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "com.example:shop");
    assert_true(has_error(&r, "limit of 30000 uncompressed bytes"));
    parsed_free(&r);

    /* entries, nested archives */
    pkg_java_default_limits(&lim);
    lim.max_entries = 3; /* MANIFEST.MF is read, pom.properties not reached */
    r = parse_fixture(a, "jul-to-slf4j-1.7.32.jar", &lim);
    assert_int_equal(r.n, 1);
    assert_string_equal(pkg_at(&r, 0)->name, "jul.to.slf4j"); /* Bundle-SymbolicName */
    assert_true(has_error(&r, "more than 3 zip entries"));
    parsed_free(&r);
    pkg_java_default_limits(&lim);
    lim.max_archives = 1;
    r = parse_fixture(a, "shop.war", &lim);
    assert_int_equal(r.n, 2);
    assert_true(has_error(&r, "more than 1 nested archives"));
    parsed_free(&r);
}

static void test_malformed(void **state)
{
    mt_arena *a = *state;
    parsed r = parse(a, "not a zip at all", 16, "x.jar", NULL);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.errs.len, 1);
    assert_true(has_error(&r, "x.jar: not a readable zip archive"));
    parsed_free(&r);
    r = parse(a, NULL, 0, NULL, NULL);
    assert_int_equal(r.n, 0);
    assert_int_equal(r.errs.len, 1);
    parsed_free(&r);
    /* a nested entry that is no zip is reported with its path */
    zentry ents[] = {
        {"META-INF/maven/g/a/pom.properties", pom(a, "g", "a", "1"), 0},
        {"WEB-INF/lib/fake.jar", "PK\x03\x04garbage", 0},
        {"WEB-INF/lib/\x01odd.jar", "nothing", 0},
    };
    size_t len = 0;
    char *zip = make_zip(ents, MT_ARRAY_LEN(ents), &len);
    r = parse(a, zip, len, "w.war", NULL);
    assert_int_equal(r.n, 1);
    assert_int_equal(r.errs.len, 2);
    assert_true(has_error(&r, "w.war!/WEB-INF/lib/fake.jar: "));
    assert_true(has_error(&r, "w.war!/WEB-INF/lib/?odd.jar: not a readable zip"));
    parsed_free(&r);
    /* errs NULL: counted only */
    mt_vec pkgs = {0};
    assert_int_equal(pkg_parse_java_archive(a, zip, len, "w.war", &pkgs, NULL), 1);
    mt_vec_free(&pkgs);
    free(zip);
}

/* Every fixture cut short and with bytes changed: no crash, sane output. */
static void test_damaged(void **state)
{
    for (size_t f = 0; f < MT_ARRAY_LEN(fixtures); f++) {
        mt_arena a;
        mt_arena_init(&a);
        size_t len = 0;
        char *data = pkgfx_read(mt_arena_printf(&a, "java/%s", fixtures[f]), &len);
        size_t step = len / 97 + 1;
        for (size_t cut = 0; cut < len; cut += step) {
            parsed r = parse(&a, data, cut, fixtures[f], NULL);
            parsed_free(&r);
        }
        char *copy = malloc(len);
        assert_non_null(copy);
        for (size_t at = 0; at < len; at += step) {
            memcpy(copy, data, len);
            copy[at] = (char)(copy[at] ^ 0x5a);
            parsed r = parse(&a, copy, len, fixtures[f], NULL);
            parsed_free(&r);
        }
        free(copy);
        free(data);
        mt_arena_free(&a);
    }
    (void)state;
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_archive),
        cmocka_unit_test_setup_teardown(test_fixtures_expected, setup, teardown),
        cmocka_unit_test_setup_teardown(test_real_jar, setup, teardown),
        cmocka_unit_test_setup_teardown(test_war_levels, setup, teardown),
        cmocka_unit_test_setup_teardown(test_manifest_fallback, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pom_properties, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deep_nesting, setup, teardown),
        cmocka_unit_test_setup_teardown(test_limits, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed, setup, teardown),
        cmocka_unit_test(test_damaged),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
