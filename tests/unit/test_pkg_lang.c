/* test_pkg_lang.c — unit tests of the language-ecosystem parsers (lang.h)
 * on real data where the build machine has it (installed Python METADATA
 * and PKG-INFO compared with what Python's email parser reads, a real
 * Pipfile.lock, pip freeze output, RubyGems-written gemspecs from Debian, a
 * cargo-written workspace lock file) and on hand-written files in the
 * documented formats (tests/pkg/lang/README.md); malformed records with
 * their line numbers; the path helpers; bounds. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

/* the bounds (LJ_MAX_NODES, PKG_MAX_ERRORS) are internal */
#define MOAT_PKG_LANG_INTERNAL
#include "pkg/lang.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

/* ---- helpers ---- */

typedef pkgfx_parsed parsed;

static parsed run_n(void **state, pkg_lang_parser f, const char *data, size_t len,
                    const char *db_path)
{
    parsed r = {0};
    size_t n = f(*state, data, len, db_path, &r.pkgs, &r.errs);
    assert_int_equal(n, r.pkgs.len);
    for (size_t i = 0; i < r.pkgs.len; i++) {
        mt_pkg *p = r.pkgs.items[i];
        assert_non_null(p->name);
        assert_non_null(p->version);
        assert_ptr_equal(p->source_name, p->name);
        assert_ptr_equal(p->source_version, p->version);
        assert_int_equal(p->layer, -1);
        assert_null(p->purl);
        if (db_path)
            assert_string_equal(p->db_path, db_path);
    }
    return r;
}

static parsed run(void **state, pkg_lang_parser f, const char *data, const char *db_path)
{
    return run_n(state, f, data, strlen(data), db_path);
}

static parsed run_fixture(void **state, pkg_lang_parser f, const char *name, const char *db_path)
{
    size_t len;
    char path[256];
    snprintf(path, sizeof(path), "lang/%s", name);
    char *data = pkgfx_read(path, &len);
    parsed r = run_n(state, f, data, len, db_path);
    /* every string is arena memory: the buffer can go */
    memset(data, 'X', len);
    free(data);
    return r;
}

/* Asserts error i is on `line` and its message holds `part`. */
static void assert_err(const parsed *r, size_t i, int line, const char *part)
{
    mt_pkg_error *e = pkgfx_err_at(r, i);
    if (e->line != line || !strstr(e->message, part))
        fprintf(stderr, "error %zu: line %d '%s' (want line %d, '%s')\n", i, e->line, e->message,
                line, part);
    assert_int_equal(e->line, line);
    assert_non_null(strstr(e->message, part));
}

static void print_errs(const parsed *r)
{
    for (size_t i = 0; i < r->errs.len; i++) {
        mt_pkg_error *e = r->errs.items[i];
        fprintf(stderr, "  line %d: %s\n", e->line, e->message);
    }
}

/* "name\tversion" of every package, in order, one per line. */
static char *listing(mt_arena *a, const parsed *r)
{
    mt_buf b;
    mt_buf_init(&b);
    for (size_t i = 0; i < r->pkgs.len; i++) {
        mt_pkg *p = r->pkgs.items[i];
        mt_buf_printf(&b, "%s\t%s\n", p->name, p->version);
    }
    char *s = mt_arena_strdup(a, b.data ? b.data : "");
    mt_buf_free(&b);
    return s;
}

static void assert_purl(void **state, mt_pkg *p, const char *want)
{
    pkg_purl(*state, p, NULL);
    assert_string_equal(p->purl, want);
}

/* ==== Python ==== */

static const char *const metadata_files[] = {
    "PyYAML-6.0.METADATA",       "backcall-0.2.0.METADATA",      "click-8.4.0.METADATA",
    "cryptography-48.0.0.METADATA", "docutils-0.19.METADATA",    "jinja2-3.1.6.METADATA",
    "outcome-1.3.0.post0.METADATA", "perf-0.1.PKG-INFO",         "six-1.16.0.PKG-INFO",
    "toml-0.10.2.PKG-INFO",       "traitlets-5.15.0.METADATA",
};

static void test_metadata_real_files(void **state)
{
    /* Eleven installed METADATA / PKG-INFO files against what Python's
     * email parser reads from them (metadata.expected). */
    mt_arena *a = *state;
    mt_vec got = {0};
    for (size_t i = 0; i < MT_ARRAY_LEN(metadata_files); i++) {
        parsed r = run_fixture(state, pkg_parse_python_metadata, metadata_files[i],
                               "usr/lib/python3/dist-packages/x.dist-info/METADATA");
        if (r.errs.len)
            print_errs(&r);
        assert_int_equal(r.errs.len, 0);
        assert_int_equal(r.pkgs.len, 1);
        mt_pkg *p = pkgfx_pkg_at(&r, 0);
        assert_string_equal(p->type, "pypi");
        assert_null(p->arch);
        assert_null(p->checksum);
        mt_vec_push(&got, mt_arena_printf(a, "%s\t%s\t%s", p->name, p->version,
                                          p->license ? p->license : "-"));
        pkgfx_parsed_free(&r);
    }
    qsort(got.items, got.len, sizeof(got.items[0]), pkgfx_strcmp);
    size_t elen;
    char *exp = pkgfx_read("lang/metadata.expected", &elen);
    mt_vec want = pkgfx_lines(a, exp, elen);
    pkgfx_assert_same(&got, &want);
    mt_vec_free(&got);
    mt_vec_free(&want);
    free(exp);
}

static void test_metadata_details(void **state)
{
    parsed r = run_fixture(state, pkg_parse_python_metadata, "PyYAML-6.0.METADATA", "m");
    assert_purl(state, pkgfx_pkg_at(&r, 0), "pkg:pypi/pyyaml@6.0");
    pkgfx_parsed_free(&r);
    /* License-Expression (metadata 2.4) */
    r = run_fixture(state, pkg_parse_python_metadata, "cryptography-48.0.0.METADATA", "m");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "Apache-2.0 OR BSD-3-Clause");
    pkgfx_parsed_free(&r);
    /* the whole BSD text as License: the classifier is taken instead */
    r = run_fixture(state, pkg_parse_python_metadata, "traitlets-5.15.0.METADATA", "m");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "traitlets");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "5.15.0");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "BSD License");
    pkgfx_parsed_free(&r);
    /* two License headers: the first */
    r = run_fixture(state, pkg_parse_python_metadata, "outcome-1.3.0.post0.METADATA", "m");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "MIT OR Apache-2.0");
    pkgfx_parsed_free(&r);
    /* License: UNKNOWN */
    r = run_fixture(state, pkg_parse_python_metadata, "backcall-0.2.0.METADATA", "m");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "BSD License");
    pkgfx_parsed_free(&r);
    /* name as written; purl normalises */
    r = run_fixture(state, pkg_parse_python_metadata, "jinja2-3.1.6.METADATA", "m");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "Jinja2");
    assert_purl(state, pkgfx_pkg_at(&r, 0), "pkg:pypi/jinja2@3.1.6");
    pkgfx_parsed_free(&r);
}

static void test_metadata_license_rule(void **state)
{
    parsed r = run(state, pkg_parse_python_metadata,
                   "Metadata-Version: 2.4\n"
                   "Name: a\n"
                   "Version: 1\n"
                   "License: MIT License\n"
                   "License-Expression: MIT\n"
                   "Classifier: License :: OSI Approved :: MIT License\n",
                   "m");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "MIT");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata,
            "Name: a\nVersion: 1\nLicense: \n"
            "Classifier: License :: OSI Approved\n"
            "Classifier: License :: DFSG approved\n"
            "Classifier: License :: OSI Approved :: Apache Software License\n"
            "Classifier: Programming Language :: Python\n"
            "Classifier: License :: OSI Approved :: BSD License\n"
            "Classifier: License :: OSI Approved :: Apache Software License\n"
            "Classifier: License :: Public Domain\n",
            "m");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "Apache Software License, BSD License, Public Domain");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, "name: a\nVERSION: 1.0.post1\nlicense: unknown\n", "m");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "1.0.post1");
    assert_null(pkgfx_pkg_at(&r, 0)->license);
    pkgfx_parsed_free(&r);
}

static void test_metadata_forms(void **state)
{
    /* headers end at the first empty line: the body is not read */
    parsed r = run(state, pkg_parse_python_metadata,
                   "Name: real\r\nVersion: 2.0\r\nDescription: line one\r\n"
                   "        line two\r\n\r\nName: in-the-body\r\nVersion: 9\r\n",
                   "m");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 1);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "real");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "2.0");
    pkgfx_parsed_free(&r);
    /* a distutils egg-info file, metadata 1.0 */
    r = run(state, pkg_parse_python_metadata,
            "Metadata-Version: 1.0\nName: argparse\nVersion: 1.2.1\nSummary: x\n"
            "License: Python Software Foundation License\nPlatform: any\n",
            "usr/lib/python2.7/argparse-1.2.1.egg-info");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "Python Software Foundation License");
    pkgfx_parsed_free(&r);
}

static void test_metadata_malformed(void **state)
{
    parsed r = run(state, pkg_parse_python_metadata, "", "m");
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 0, "no Name");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, "Name: a\nSummary: s\n", "m");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 0, "no Version");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, "Metadata-Version: 2.1\nName: -bad\nVersion: 1\n",
            "m");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 2, "invalid Name");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, "Name: a\nVersion: 1\nName: b\n", "m");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 3, "second Name header (first on line 1)");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, "Name: a\nVersion: 1 2\n", "m");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 2, "invalid Version");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, "Name: a\nVersion: 1\n  .0\n", "m");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 3, "Version continues");
    pkgfx_parsed_free(&r);
    /* a line that is not a header ends the headers, as in email.parser */
    r = run(state, pkg_parse_python_metadata,
            "Name: a\nVersion: 1\nthis is not a header\nLicense: MIT\n", "m");
    assert_int_equal(r.pkgs.len, 1);
    assert_null(pkgfx_pkg_at(&r, 0)->license);
    assert_err(&r, 0, 3, "not a 'Field: value' header");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, "Name: a\nBroken line\nVersion: 1\n", "m");
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 2);
    assert_err(&r, 0, 2, "not a 'Field: value' header");
    assert_err(&r, 1, 0, "no Version");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, " Name: a\nName: a\nVersion: 1\n", "m");
    assert_int_equal(r.pkgs.len, 1);
    assert_err(&r, 0, 1, "continuation line before any header");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python_metadata, "Name: a\x01\nVersion: 1\n", "m");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 1, "invalid Name");
    pkgfx_parsed_free(&r);
}

static void test_poetry_lock(void **state)
{
    mt_arena *a = *state;
    parsed r = run_fixture(state, pkg_parse_poetry_lock, "poetry.lock", "app/poetry.lock");
    if (r.errs.len)
        print_errs(&r);
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r), "certifi\t2024.2.2\n"
                                        "charset-normalizer\t3.3.2\n"
                                        "colorama\t0.4.6\n"
                                        "idna\t3.6\n"
                                        "requests\t2.31.0\n"
                                        "urllib3\t2.2.1\n"
                                        "pytest\t8.1.1\n"
                                        "mylib\t0.3.0\n");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->type, "pypi");
    assert_purl(state, pkgfx_pkg_at(&r, 1), "pkg:pypi/charset-normalizer@3.3.2");
    pkgfx_parsed_free(&r);
    r = run_fixture(state, pkg_parse_poetry_lock, "poetry-1.1.lock", "poetry.lock");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r), "six\t1.16.0\npython-dateutil\t2.8.2\n");
    pkgfx_parsed_free(&r);
}

static void test_poetry_malformed(void **state)
{
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_poetry_lock,
                   "[[package]]\n"                 /* 1 */
                   "version = \"1.0\"\n"           /* 2: no name */
                   "\n"                            /* 3 */
                   "[[package]]\n"                 /* 4 */
                   "name = \"a\"\n"                /* 5 */
                   "version = \"1.0\"\n"           /* 6 */
                   "version = \"2.0\"\n"           /* 7: twice */
                   "\n"                            /* 8 */
                   "[[package]]\n"                 /* 9 */
                   "name = \"b\"\n"                /* 10 */
                   "version = 2\n"                 /* 11: not a string */
                   "\n"                            /* 12 */
                   "[[package]]\n"                 /* 13 */
                   "name = \"c\"\n"                /* 14 */
                   "version = \"3.0\n"             /* 15: unterminated */
                   "files = [\n"                   /* 16: skipped */
                   "]\n"                           /* 17 */
                   "[[package]]\n"                 /* 18 */
                   "name = \"d\"\n"                /* 19 */
                   "version = \"4.0\"\n"           /* 20 */
                   "[[package]\n"                  /* 21: broken header */
                   "name = \"e\"\n"                /* 22: skipped */
                   "[[package]]\n"                 /* 23 */
                   "name = \"D\"\n"                /* 24 */
                   "version = \"4.0\"\n"           /* 25: D is d (PEP 503) */
                   "[[package]]\n"                 /* 26 */
                   "name = \"f_g\"\n"              /* 27 */
                   "version = \"5.0\" # comment\n" /* 28 */
                   "description = '''\n"           /* 29 */
                   "[[package]]\n"                 /* 30: inside a string */
                   "name = \"zzz\"'''\n",          /* 31 */
                   "poetry.lock");
    assert_string_equal(listing(a, &r), "d\t4.0\nf_g\t5.0\n");
    assert_int_equal(r.errs.len, 6);
    assert_err(&r, 0, 1, "without a name");
    assert_err(&r, 1, 7, "duplicate key 'version' (first on line 6)");
    assert_err(&r, 2, 11, "'version' is not a string");
    assert_err(&r, 3, 15, "unterminated string");
    assert_err(&r, 4, 21, "expected ']]'");
    assert_err(&r, 5, 23, "D 4.0 is listed twice");
    pkgfx_parsed_free(&r);
}

static void test_pipfile_lock_real(void **state)
{
    mt_arena *a = *state;
    parsed r = run_fixture(state, pkg_parse_pipfile_lock, "rsa.Pipfile.lock", "Pipfile.lock");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 42);
    size_t elen;
    char *exp = pkgfx_read("lang/rsa.Pipfile.expected", &elen);
    mt_vec want = pkgfx_lines(a, exp, elen);
    mt_vec got = {0};
    for (size_t i = 0; i < r.pkgs.len; i++)
        mt_vec_push(&got, mt_arena_printf(a, "%s\t%s", pkgfx_pkg_at(&r, i)->name,
                                          pkgfx_pkg_at(&r, i)->version));
    qsort(got.items, got.len, sizeof(got.items[0]), pkgfx_strcmp);
    pkgfx_assert_same(&got, &want);
    mt_pkg *p = pkgfx_find(&r, "pyasn1", NULL);
    assert_non_null(p);
    assert_string_equal(p->version, "0.4.4");
    assert_purl(state, pkgfx_find(&r, "sphinxcontrib-websupport", NULL),
                "pkg:pypi/sphinxcontrib-websupport@1.2.1");
    mt_vec_free(&got);
    mt_vec_free(&want);
    free(exp);
    pkgfx_parsed_free(&r);
}

static void test_pipfile_lock_forms(void **state)
{
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_pipfile_lock,
                   "{\n"                                                          /* 1 */
                   "  \"_meta\": {\"pipfile-spec\": 6},\n"                        /* 2 */
                   "  \"default\": {\n"                                           /* 3 */
                   "    \"requests\": {\"hashes\": [], \"version\": \"==2.31.0\"},\n" /* 4 */
                   "    \"mylib\": {\"git\": \"https://x/y.git\", \"ref\": \"abc\"},\n" /* 5 */
                   "    \"local\": {\"editable\": true, \"path\": \".\"},\n"      /* 6 */
                   "    \"arb\": {\"version\": \"===1.0-weird\"},\n"              /* 7 */
                   "    \"range\": {\"version\": \">=1.0\"},\n"                   /* 8 */
                   "    \"num\": {\"version\": 3},\n"                             /* 9 */
                   "    \"-bad\": {\"version\": \"==1\"},\n"                      /* 10 */
                   "    \"notobj\": \"==1\"\n"                                    /* 11 */
                   "  },\n"                                                       /* 12 */
                   "  \"develop\": {\n"                                           /* 13 */
                   "    \"Requests\": {\"version\": \"==2.31.0\"},\n"             /* 14 */
                   "    \"pytest\": {\"version\": \"==8.0.0\"}\n"                 /* 15 */
                   "  }\n"                                                        /* 16 */
                   "}\n",
                   "Pipfile.lock");
    assert_string_equal(listing(a, &r), "requests\t2.31.0\narb\t1.0-weird\npytest\t8.0.0\n");
    assert_int_equal(r.errs.len, 4);
    assert_err(&r, 0, 8, "version '>=1.0' is not '==VERSION'");
    assert_err(&r, 1, 9, "version is a number, not a string");
    assert_err(&r, 2, 10, "invalid package name '-bad'");
    assert_err(&r, 3, 11, "package notobj is a string, not an object");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_pipfile_lock, "{\n  \"default\": {\n    \"a\": {\"version\": \"==1\"},\n}\n",
            "Pipfile.lock");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 4, "not valid JSON: expected a member name");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_pipfile_lock, "[1]", "Pipfile.lock");
    assert_err(&r, 0, 1, "the file is an array, not an object");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_pipfile_lock, "{\"_meta\": {}}", "Pipfile.lock");
    assert_err(&r, 0, 0, "no \"default\" or \"develop\"");
    pkgfx_parsed_free(&r);
}

static void test_requirements_real(void **state)
{
    parsed r = run_fixture(state, pkg_parse_requirements, "pip-freeze.requirements.txt",
                           "app/requirements.txt");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 92);
    mt_pkg *p = pkgfx_find(&r, "python-dateutil", NULL);
    assert_non_null(p);
    assert_string_equal(p->version, "2.9.0.post0");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "annotated-types");
    pkgfx_parsed_free(&r);
    /* pytest pinned three times, under exclusive environment markers */
    r = run_fixture(state, pkg_parse_requirements, "httplib2.requirements-test.txt",
                    "requirements-test.txt");
    if (r.errs.len)
        print_errs(&r);
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 13);
    assert_non_null(pkgfx_find(&r, "pytest", "4.6.11"));
    assert_non_null(pkgfx_find(&r, "pytest", "6.1.2"));
    assert_non_null(pkgfx_find(&r, "pytest", "6.2.5"));
    assert_non_null(pkgfx_find(&r, "cryptography", "35.0.0"));
    pkgfx_parsed_free(&r);
}

static void test_requirements_forms(void **state)
{
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_requirements,
                   "# a comment\n"                                   /* 1 */
                   "-r base.txt\n"                                   /* 2 */
                   "--index-url https://pypi.example/simple\n"       /* 3 */
                   "-e git+https://github.com/x/y.git#egg=y\n"       /* 4 */
                   "Django==4.2.11  # LTS\n"                         /* 5 */
                   "requests[socks, security] == 2.31.0 ; python_version >= \"3.8\"\n" /* 6 */
                   "certifi==2024.2.2 \\\n"                          /* 7 */
                   "    --hash=sha256:0569859f95fc761b18b45ef421b1290a0f65f147e92a1e5eb3e635f9a5e4e66f \\\n"
                   "    --hash=sha256:dc383c07b76109f368f6106eee2b593b04a011ea4d55f652c6ca24a754d1cdd1\n"
                   "    # via requests\n"                            /* 10 */
                   "flask>=2.0\n"                                    /* 11: a range */
                   "numpy\n"                                         /* 12: no version */
                   "attrs==23.*\n"                                   /* 13: wildcard */
                   "six>=1.0,==1.16.0\n"                             /* 14: two clauses */
                   "pkg @ https://example.com/pkg-1.0.tar.gz\n"      /* 15 */
                   "./local/pkg\n"                                   /* 16 */
                   "https://example.com/a-1.0-py3-none-any.whl\n"    /* 17 */
                   "oldstyle (==0.9)\n"                              /* 18 */
                   "arbitrary===1.0-foo\n"                           /* 19 */
                   "tilde~=1.4.2\n"                                  /* 20 */
                   "Django==4.2.11\n"                                /* 21: same again */
                   "zope.interface==6.2\\\n"                         /* 22 */
                   "\n",                                             /* 23 */
                   "requirements.txt");
    if (r.errs.len)
        print_errs(&r);
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r), "Django\t4.2.11\n"
                                        "requests\t2.31.0\n"
                                        "certifi\t2024.2.2\n"
                                        "oldstyle\t0.9\n"
                                        "arbitrary\t1.0-foo\n"
                                        "zope.interface\t6.2\n");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_requirements,
            "==1.0\n"                        /* 1 */
            "good==1.0\n"                    /* 2 */
            "bad-==1.0\n"                    /* 3 */
            "ext[a==1.0\n"                   /* 4 */
            "par (==1.0\n"                   /* 5 */
            "par2 (==1.0) junk\n"            /* 6 */
            "op=1.0\n"                       /* 7 */
            "empty==\n"                      /* 8 */
            "var==${VERSION}\n"              /* 9 */
            "good==2.0\n"                    /* 10: pinned twice */
            "cont==\\\n"                     /* 11 */
            "   1.0 x\n"                     /* 12 */
            "last==3 ; extra == 'x'\n",      /* 13 */
            "requirements.txt");
    assert_string_equal(listing(a, &r), "good\t1.0\nlast\t3\n");
    assert_int_equal(r.errs.len, 10);
    assert_err(&r, 0, 1, "does not start with a project name");
    assert_err(&r, 1, 3, "invalid project name 'bad-'");
    assert_err(&r, 2, 4, "unterminated [extras]");
    assert_err(&r, 3, 5, "unterminated '('");
    assert_err(&r, 4, 6, "unexpected text after the version");
    assert_err(&r, 5, 7, "invalid version specifier '=1.0'");
    assert_err(&r, 6, 8, "'==' without a version");
    assert_err(&r, 7, 9, "invalid version '${VERSION}'");
    assert_err(&r, 8, 10, "good is pinned twice, to 1.0 (line 2) and 2.0");
    assert_err(&r, 9, 11, "invalid version '1.0 x'");
    pkgfx_parsed_free(&r);
}

/* ==== Ruby ==== */

static void test_gemfile_lock(void **state)
{
    mt_arena *a = *state;
    parsed r = run_fixture(state, pkg_parse_gemfile_lock, "Gemfile.lock", "srv/app/Gemfile.lock");
    if (r.errs.len)
        print_errs(&r);
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r), "activesupport\t7.1.3.2\n"
                                        "base64\t0.2.0\n"
                                        "concurrent-ruby\t1.2.3\n"
                                        "i18n\t1.14.4\n"
                                        "mini_portile2\t2.8.5\n"
                                        "nokogiri\t1.16.3\n"
                                        "pg\t1.5.6\n"
                                        "puma\t6.4.2\n"
                                        "nio4r\t2.7.1\n"
                                        "racc\t1.7.3\n"
                                        "rack\t3.0.10\n"
                                        "sqlite3\t1.7.3\n"
                                        "tzinfo\t2.0.6\n");
    mt_pkg *p = pkgfx_find(&r, "nokogiri", NULL);
    assert_null(p->arch);     /* three platforms */
    assert_null(p->checksum); /* one archive per platform */
    p = pkgfx_find(&r, "sqlite3", NULL);
    assert_string_equal(p->arch, "x86_64-linux");
    assert_string_equal(p->checksum,
                        "sha256:c03f1bb652c7f6e2ec1d5c35f4716c0c84c504f662ed1d983828273b01e9a752");
    p = pkgfx_find(&r, "base64", NULL);
    assert_string_equal(p->type, "gem");
    assert_null(p->arch);
    assert_string_equal(p->checksum,
                        "sha256:b3122a0abfc56981ac91510e96b3e93826cc735b9c37f421808c3f6a573a54aa");
    assert_null(pkgfx_find(&r, "activesupport", NULL)->checksum); /* listed without one */
    assert_null(pkgfx_find(&r, "billing", NULL));                   /* PATH */
    assert_purl(state, pkgfx_find(&r, "concurrent-ruby", NULL), "pkg:gem/concurrent-ruby@1.2.3");
    pkgfx_parsed_free(&r);
}

static void test_gemfile_lock_malformed(void **state)
{
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_gemfile_lock,
                   "GEM\n"                                  /* 1 */
                   "  remote: https://rubygems.org/\n"      /* 2 */
                   "  specs:\n"                             /* 3 */
                   "    good (1.0)\n"                       /* 4 */
                   "    noversion\n"                        /* 5 */
                   "    badver (v1)\n"                      /* 6 */
                   "    unclosed (1.0\n"                    /* 7 */
                   "     five (1.0)\n"                      /* 8 */
                   "    good (1.0)\n"                       /* 9 */
                   "    ba$d (1.0)\n"                       /* 10 */
                   "    trail (1.0) x\n"                    /* 11 */
                   "    plat (2.0-)\n"                      /* 12 */
                   "    ok2 (2.0.rc1)\n"                    /* 13 */
                   "\n"                                     /* 14 */
                   "DEPENDENCIES\n"                         /* 15 */
                   "  good\n"                               /* 16 */
                   "    not-a-spec (1.0)\n"                 /* 17: not in specs */
                   "\n"                                     /* 18 */
                   "CHECKSUMS\n"                            /* 19 */
                   "  good (1.0) sha256=abc\n"              /* 20 */
                   "  ok2 (2.0.rc1) md5=x,sha256=AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12AB12\n",
                   "Gemfile.lock");
    assert_string_equal(listing(a, &r), "good\t1.0\nok2\t2.0.rc1\n");
    assert_string_equal(pkgfx_find(&r, "ok2", NULL)->checksum,
                        "sha256:ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12ab12");
    assert_null(pkgfx_find(&r, "good", NULL)->checksum);
    assert_int_equal(r.errs.len, 9);
    assert_err(&r, 0, 5, "spec without a \"(VERSION)\"");
    assert_err(&r, 1, 6, "invalid version");
    assert_err(&r, 2, 7, "unterminated");
    assert_err(&r, 3, 8, "indented by 5 spaces");
    assert_err(&r, 4, 9, "listed twice");
    assert_err(&r, 5, 10, "invalid gem name");
    assert_err(&r, 6, 11, "unexpected text after");
    assert_err(&r, 7, 12, "invalid platform");
    assert_err(&r, 8, 20, "sha256 of good is not 64 hexadecimal digits");
    pkgfx_parsed_free(&r);
}

static void test_gemspec_real(void **state)
{
    const char *path = "usr/share/rubygems-integration/all/specifications/rake-13.0.6.gemspec";
    parsed r = run_fixture(state, pkg_parse_gemspec, "rake-13.0.6.gemspec", path);
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 1);
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    assert_string_equal(p->type, "gem");
    assert_string_equal(p->name, "rake");
    assert_string_equal(p->version, "13.0.6");
    assert_string_equal(p->license, "MIT");
    assert_null(p->arch);
    assert_purl(state, p, "pkg:gem/rake@13.0.6");
    pkgfx_parsed_free(&r);
    r = run_fixture(state, pkg_parse_gemspec, "rack-2.2.22.gemspec", "specifications/rack.gemspec");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "rack");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "2.2.22");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "MIT");
    pkgfx_parsed_free(&r);
}

static void test_gemspec_forms(void **state)
{
    parsed r = run(state, pkg_parse_gemspec,
                   "# -*- encoding: utf-8 -*-\n"
                   "# stub: nokogiri 1.16.3 x86_64-linux lib\n"
                   "\n"
                   "Gem::Specification.new do |spec|\n"
                   "  spec.name = \"nokogiri\".freeze\n"
                   "  spec.version = \"1.16.3\"\n"
                   "  spec.platform = \"x86_64-linux\".freeze\n"
                   "  spec.licenses = [\"MIT\".freeze, 'Apache-2.0']\n"
                   "  spec.summary = \"s.name = \\\"fake\\\"\".freeze\n"
                   "  s.name = \"not-the-block-variable\"\n"
                   "end\n",
                   "specifications/nokogiri-1.16.3-x86_64-linux.gemspec");
    assert_int_equal(r.errs.len, 0);
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    assert_string_equal(p->name, "nokogiri");
    assert_string_equal(p->arch, "x86_64-linux");
    assert_string_equal(p->license, "MIT, Apache-2.0");
    pkgfx_parsed_free(&r);
    /* old RubyGems: %q{} literals, a single license, platform ruby */
    r = run(state, pkg_parse_gemspec,
            "Gem::Specification.new do |s|\n"
            "  s.name = %q{json}\n"
            "  s.version = \"2.6.3\"\n"
            "  s.platform = \"ruby\"\n"
            "  s.license = %q(Ruby)\n"
            "end\n",
            "specifications/default/json-2.6.3.gemspec");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "json");
    assert_null(pkgfx_pkg_at(&r, 0)->arch);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "Ruby");
    pkgfx_parsed_free(&r);
    /* escapes and nested delimiters */
    r = run(state, pkg_parse_gemspec,
            "  s.name = \"a\\-b\".freeze\n"
            "  s.version = '1.0'\n"
            "  s.licenses = [%q{GPL{2}}, 'It\\'s', \"x\\ty\"]\n",
            "specifications/a-b-1.0.gemspec");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "a-b");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "GPL{2}, It's, x\ty");
    pkgfx_parsed_free(&r);
}

static void test_gemspec_malformed(void **state)
{
    parsed r = run(state, pkg_parse_gemspec,
                   "Gem::Specification.new do |s|\n"
                   "  s.name = \"x\"\n"
                   "  s.version = X::VERSION\n"
                   "end\n",
                   "g.gemspec");
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 3, "s.version is not a string literal");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_gemspec, "  s.name = \"x#{y}\"\n  s.version = \"1\"\n", "g.gemspec");
    assert_err(&r, 0, 1, "s.name is not a string literal");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_gemspec, "  s.version = \"1\"\n", "g.gemspec");
    assert_err(&r, 0, 0, "no s.name");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_gemspec, "  s.name = \"x\"\n", "g.gemspec");
    assert_err(&r, 0, 0, "gem x has no s.version");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_gemspec, "  s.name = \"x\"\n  s.version = \"v1\"\n", "g.gemspec");
    assert_err(&r, 0, 2, "invalid version: it does not start with a digit");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_gemspec, "  s.name = \"a b\"\n  s.version = \"1\"\n", "g.gemspec");
    assert_err(&r, 0, 1, "invalid gem name");
    pkgfx_parsed_free(&r);
}

/* ==== PHP ==== */

static void test_composer_lock(void **state)
{
    mt_arena *a = *state;
    parsed r = run_fixture(state, pkg_parse_composer_lock, "composer.lock", "var/www/composer.lock");
    if (r.errs.len)
        print_errs(&r);
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r), "monolog/monolog\t3.5.0\n"
                                        "psr/log\t3.0.0\n"
                                        "symfony/polyfill-mbstring\tv1.29.0\n"
                                        "doctrine/dbal\t3.8.3\n"
                                        "phpseclib/phpseclib\t3.0.37\n"
                                        "easyrdf/easyrdf\t1.1.1\n"
                                        "mpdf/mpdf\tv8.2.3\n"
                                        "acme/internal-tools\tdev-main\n"
                                        "simplesamlphp/saml2\tv4.6.11\n"
                                        "phpunit/phpunit\t10.5.13\n"
                                        "sebastian/diff\t5.1.1\n");
    mt_pkg *p = pkgfx_pkg_at(&r, 0);
    assert_string_equal(p->type, "composer");
    assert_string_equal(p->license, "MIT");
    assert_null(p->checksum);
    assert_purl(state, p, "pkg:composer/monolog/monolog@3.5.0");
    assert_string_equal(pkgfx_find(&r, "simplesamlphp/saml2", NULL)->license,
                        "LGPL-2.1-or-later OR GPL-3.0-or-later");
    assert_string_equal(pkgfx_find(&r, "easyrdf/easyrdf", NULL)->license, "BSD-3-Clause");
    pkgfx_parsed_free(&r);
}

static void test_composer_installed(void **state)
{
    mt_arena *a = *state;
    parsed r = run_fixture(state, pkg_parse_composer_installed, "installed-v2.json",
                           "var/www/vendor/composer/installed.json");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r),
                        "psr/log\t3.0.0\nmonolog/monolog\t3.5.0\nphpunit/phpunit\t10.5.13\n");
    pkgfx_parsed_free(&r);
    r = run_fixture(state, pkg_parse_composer_installed, "installed-v1.json",
                    "vendor/composer/installed.json");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r), "guzzlehttp/guzzle\t6.5.8\nguzzlehttp/psr7\t1.9.1\n");
    assert_string_equal(pkgfx_pkg_at(&r, 1)->license, "MIT");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_composer_installed, "{\"dev\": true}", "installed.json");
    assert_err(&r, 0, 0, "no \"packages\" array");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_composer_installed, "\"x\"", "installed.json");
    assert_err(&r, 0, 1, "not an array or object");
    pkgfx_parsed_free(&r);
}

static void test_composer_malformed(void **state)
{
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_composer_lock,
                   "{\n"                                                    /* 1 */
                   "  \"packages\": [\n"                                    /* 2 */
                   "    {\"name\": \"a/b\", \"version\": \"1.0\",\n"        /* 3 */
                   "     \"license\": [\"MIT\", 7, \"ISC\"]},\n"            /* 4 */
                   "    \"not an object\",\n"                               /* 5 */
                   "    {\"version\": \"1.0\"},\n"                          /* 6 */
                   "    {\"name\": \"noslash\", \"version\": \"1.0\"},\n"   /* 7 */
                   "    {\"name\": \"c/d\"},\n"                             /* 8 */
                   "    {\"name\": \"c/d\",\n"                              /* 9 */
                   "     \"version\": \"1 0\"},\n"                          /* 10 */
                   "    {\"name\": \"A/B\", \"version\": \"2.0\"},\n"       /* 11 */
                   "    {\"name\": \"e/f\", \"version\": \"3.0\", \"license\": {}}\n" /* 12 */
                   "  ],\n"                                                 /* 13 */
                   "  \"packages-dev\": {}\n"                               /* 14 */
                   "}\n",
                   "composer.lock");
    assert_string_equal(listing(a, &r), "a/b\t1.0\ne/f\t3.0\n");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "MIT OR ISC");
    assert_null(pkgfx_pkg_at(&r, 1)->license);
    assert_int_equal(r.errs.len, 7);
    assert_err(&r, 0, 5, "package entry is a string, not an object");
    assert_err(&r, 1, 6, "without a \"name\" string");
    assert_err(&r, 2, 7, "invalid package name 'noslash'");
    assert_err(&r, 3, 8, "package c/d has no \"version\" string");
    assert_err(&r, 4, 10, "package c/d: invalid version");
    assert_err(&r, 5, 11, "package A/B is listed twice");
    assert_err(&r, 6, 14, "\"packages-dev\" is an object, not an array");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_composer_lock, "{\n  \"packages\": [\n    {\"name\": \"a/b\"\n", "c");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 4, "not valid JSON");
    pkgfx_parsed_free(&r);
}

/* ==== .NET ==== */

static void test_deps_json(void **state)
{
    mt_arena *a = *state;
    parsed r = run_fixture(state, pkg_parse_deps_json, "MyApp.deps.json", "app/MyApp.deps.json");
    if (r.errs.len)
        print_errs(&r);
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r), "Microsoft.Extensions.DependencyInjection.Abstractions\t8.0.0\n"
                                        "Microsoft.Extensions.Logging\t8.0.0\n"
                                        "Microsoft.Extensions.Logging.Abstractions\t8.0.0\n"
                                        "Newtonsoft.Json\t13.0.3\n"
                                        "Serilog\t3.1.1\n");
    mt_pkg *p = pkgfx_find(&r, "Newtonsoft.Json", NULL);
    assert_string_equal(p->type, "nuget");
    assert_string_equal(p->checksum, "sha512-d9FDBNxLb+bWnjfhALC3r5Mv2XcHi/4FZ3xXcBQ32+TXi7KxwwRoYaHf3"
                                     "LxwP7Wv6TDIMtXINhqOzbqXO9q8Tw==");
    assert_null(p->license);
    assert_purl(state, p, "pkg:nuget/Newtonsoft.Json@13.0.3");
    pkgfx_parsed_free(&r);
}

static void test_deps_json_malformed(void **state)
{
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_deps_json,
                   "{\n"                                                                /* 1 */
                   "  \"libraries\": {\n"                                               /* 2 */
                   "    \"A/1.0\": {\"type\": \"package\", \"sha512\": \"\"},\n"       /* 3 */
                   "    \"NoVersion\": {\"type\": \"package\"},\n"                     /* 4 */
                   "    \"B/\": {\"type\": \"package\"},\n"                            /* 5 */
                   "    \"C/1.0\": {\"type\": \"package\", \"sha512\": \"md5-x\"},\n"  /* 6 */
                   "    \"a/1.0\": {\"type\": \"package\"},\n"                         /* 7 */
                   "    \"D/1.0\": [],\n"                                              /* 8 */
                   "    \"E/1.0\": {\"type\": \"reference\"},\n"                       /* 9 */
                   "    \"F/2.0\": {\"type\": \"package\", \"sha512\": \"sha512-AAAA\"}\n" /* 10 */
                   "  }\n"                                                             /* 11 */
                   "}\n",
                   "x.deps.json");
    assert_string_equal(listing(a, &r), "A\t1.0\nF\t2.0\n");
    assert_null(pkgfx_pkg_at(&r, 0)->checksum);
    assert_string_equal(pkgfx_pkg_at(&r, 1)->checksum, "sha512-AAAA");
    assert_int_equal(r.errs.len, 5);
    assert_err(&r, 0, 4, "not named 'ID/VERSION'");
    assert_err(&r, 1, 5, "invalid version: it is empty");
    assert_err(&r, 2, 6, "sha512 is not 'sha512-' and base64");
    assert_err(&r, 3, 7, "library 'a/1.0' is listed twice");
    assert_err(&r, 4, 8, "library 'D/1.0' is an array, not an object");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_deps_json, "{\"targets\": {}}", "x.deps.json");
    assert_err(&r, 0, 0, "no \"libraries\" object");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_deps_json, "{\"libraries\": 5}", "x.deps.json");
    assert_err(&r, 0, 1, "\"libraries\" is a number");
    pkgfx_parsed_free(&r);
    /* a byte-order mark is skipped */
    r = run(state, pkg_parse_deps_json, "\xEF\xBB\xBF{\"libraries\": {\"Z/1\": {\"type\": \"package\"}}}",
            "x.deps.json");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 1);
    pkgfx_parsed_free(&r);
}

/* ==== Rust ==== */

static void test_cargo_lock(void **state)
{
    mt_arena *a = *state;
    parsed r = run_fixture(state, pkg_parse_cargo_lock, "Cargo.lock", "src/app/Cargo.lock");
    if (r.errs.len)
        print_errs(&r);
    assert_int_equal(r.errs.len, 0);
    /* hello-cli and hello-core are workspace members: not listed */
    assert_string_equal(listing(a, &r), "aho-corasick\t1.1.2\n"
                                        "anyhow\t1.0.81\n"
                                        "memchr\t2.7.1\n"
                                        "regex\t1.10.4\n"
                                        "regex-syntax\t0.6.29\n"
                                        "regex-syntax\t0.8.2\n"
                                        "serde\t1.0.197\n"
                                        "serde_derive\t1.0.197\n"
                                        "toml_edit\t0.22.9\n");
    mt_pkg *p = pkgfx_find(&r, "regex", NULL);
    assert_string_equal(p->type, "cargo");
    /* written in upper case in the file */
    assert_string_equal(p->checksum,
                        "sha256:b42958373f28275d668e2c58b7704052415525854c7cf768ae3a7a03f68140d7");
    assert_null(pkgfx_find(&r, "serde_derive", NULL)->checksum); /* git */
    assert_purl(state, pkgfx_find(&r, "serde_derive", NULL), "pkg:cargo/serde_derive@1.0.197");
    pkgfx_parsed_free(&r);
    /* written by cargo itself: a workspace only, nothing from a registry */
    r = run_fixture(state, pkg_parse_cargo_lock, "workspace.Cargo.lock", "Cargo.lock");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 0);
    pkgfx_parsed_free(&r);
    /* version 1: checksums in [metadata] */
    r = run_fixture(state, pkg_parse_cargo_lock, "v1.Cargo.lock", "Cargo.lock");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(listing(a, &r), "libc\t0.2.153\nlog\t0.4.21\npatched\t0.1.0\n");
    assert_string_equal(pkgfx_find(&r, "libc", NULL)->checksum,
                        "sha256:65049955111f6a062856645577cf349913c615ee1094249bb1a52a27c01256a4");
    assert_null(pkgfx_find(&r, "patched", NULL)->checksum);
    pkgfx_parsed_free(&r);
}

static void test_cargo_malformed(void **state)
{
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_cargo_lock,
                   "version = 3\n"                                        /* 1 */
                   "[[package]]\n"                                        /* 2 */
                   "name = \"ok\"\n"                                      /* 3 */
                   "version = \"1.0.0\"\n"                                /* 4 */
                   "source = \"registry+https://r\"\n"                    /* 5 */
                   "[[package]]\n"                                        /* 6 */
                   "name = \"Bad.Name\"\n"                                /* 7 */
                   "version = \"1.0.0\"\n"                                /* 8 */
                   "source = \"registry+https://r\"\n"                    /* 9 */
                   "[[package]]\n"                                        /* 10 */
                   "name = \"nover\"\n"                                   /* 11 */
                   "source = \"registry+https://r\"\n"                    /* 12 */
                   "[[package]]\n"                                        /* 13 */
                   "name = \"sum\"\n"                                     /* 14 */
                   "version = \"1.0.0\"\n"                                /* 15 */
                   "source = \"registry+https://r\"\n"                    /* 16 */
                   "checksum = \"xyz\"\n"                                 /* 17 */
                   "[[package]]\n"                                        /* 18 */
                   "name = \"ok\"\n"                                      /* 19 */
                   "version = \"1.0.0\"\n"                                /* 20 */
                   "source = \"registry+https://r\"\n"                    /* 21 */
                   "[[package]]\n"                                        /* 22 */
                   "name = \"arr\"\n"                                     /* 23 */
                   "version = \"1.0.0\"\n"                                /* 24 */
                   "source = \"registry+https://r\"\n"                    /* 25 */
                   "dependencies = [\n"                                   /* 26 */
                   " \"a\",\n"                                            /* 27 */
                   " \"b\" \"c\",\n"                                      /* 28 */
                   "]\n"                                                  /* 29 */
                   "[[package]]\n"                                        /* 30 */
                   "name = \"esc\\u00e9\"\n"                              /* 31 */
                   "version = \"1.0.0\"\n"                                /* 32 */
                   "source = \"git+https://g\"\n"                         /* 33 */
                   "[[package]]\n"                                        /* 34 */
                   "name = \"bad\\q\"\n"                                  /* 35 */
                   "[[package]]\n"                                        /* 36 */
                   "name = \"last\"\n"                                    /* 37 */
                   "version = \"0.1.0\"\n"                                /* 38 */
                   "source = \"registry+https://r\"\n",                   /* 39 */
                   "Cargo.lock");
    assert_string_equal(listing(a, &r), "ok\t1.0.0\nlast\t0.1.0\n");
    assert_int_equal(r.errs.len, 7);
    assert_err(&r, 0, 7, "invalid package name 'Bad.Name'");
    assert_err(&r, 1, 10, "package nover has no version");
    assert_err(&r, 2, 17, "checksum is not 64 hexadecimal digits");
    assert_err(&r, 3, 18, "ok 1.0.0 (registry+https://r) is listed twice");
    assert_err(&r, 4, 28, "expected ',' or ']' in an array");
    assert_err(&r, 5, 31, "invalid package name 'esc?\?'");
    assert_err(&r, 6, 35, "invalid escape");
    pkgfx_parsed_free(&r);
}

static void test_toml_reader(void **state)
{
    /* what the TOML subset reader accepts, seen through poetry.lock */
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_poetry_lock,
                   "\xEF\xBB\xBF# BOM, comments, every string form\r\n"
                   "title = 'x' # trailing comment\r\n"
                   "date = 1979-05-27 07:32:00Z\r\n"
                   "nums = [1, -2, +3.5e2, 0x1F, inf, nan, true, false,]\r\n"
                   "nested = [[1, [2]], {a = {b = [\"c\"]}}, ]\r\n"
                   "[ \"package\" . x ]\r\n"
                   "[[ package ]]\r\n"
                   "\"name\" = 'lit\\eral'\r\n"
                   "version = \"1.\\u0030\"\r\n"
                   "other.dotted = 1\r\n"
                   "[[package]]\r\n"
                   "name = \"\"\"\r\nmulti\\\r\n   line\"\"\"\r\n"
                   "version = '''2.0'''\r\n"
                   "[[package]]\r\n"
                   "name = \"q\"\r\n"
                   "version = \"\"\"3.0\"\"\"\r\n"
                   "description = \"\"\"a \"\"quoted\"\" \\\"x\\\" \"\"\"\"\"\r\n",
                   "poetry.lock");
    if (r.errs.len != 1)
        print_errs(&r);
    assert_int_equal(r.errs.len, 1); /* lit\eral is no PEP 508 name */
    assert_err(&r, 0, 8, "invalid package name 'lit\\eral'");
    assert_string_equal(listing(a, &r), "multiline\t2.0\nq\t3.0\n");
    pkgfx_parsed_free(&r);
    static const struct {
        const char *toml;
        int line;
        const char *msg;
    } bad[] = {
        {"[[package]]\nname = \"a\" \"b\"\n", 2, "unexpected text after the value"},
        {"[[package]]\nname = bare\n", 2, "a string needs quotes"},
        {"[[package]]\nname =\n", 2, "missing value"},
        {"[[package]]\nname \"a\"\n", 2, "expected '=' after the key"},
        {"[[package]]\n= \"a\"\n", 2, "invalid key"},
        {"[[package]]\nname = \"a\nversion = \"1\"\n", 2, "unterminated string"},
        {"[[package]]\nname = \"\"\"a\n\nb\n", 2, "unterminated string"},
        {"[[package]]\nname = \"\\ud800\"\n", 2, "not a Unicode scalar value"},
        {"[[package]]\nname = \"\\u12\"\n", 2, "invalid \\u escape"},
        {"[[package]]\nname = \"a\tb\x01\"\n", 2, "control character in a string"},
        {"[[package]]\nname = 'a\x7f'\n", 2, "control character in a string"},
        {"[[package]]\nx = [1,\n2\n3]\n", 4, "expected ',' or ']'"},
        {"[[package]]\nx = {a = 1 b = 2}\n", 2, "expected ',' or '}'"},
        {"[[package]]\nx = {a 1}\n", 2, "expected '=' after a key"},
        {"[[package]]\nname = \"\"\"\"\"\"\"\"\"\n", 2, "too many quotes"},
        {"[[package]]\na.b.c.d.e.f.g.h.i = 1\n", 2, "more than 8 dotted parts"},
        {"[package\n", 1, "expected ']' closing"},
        {"[[package]]\n# bad \x01 comment\n", 2, "control character in a comment"},
        {"[[package]]\nname = \"\"\"a\\ b\"\"\"\n", 2, "invalid escape"},
        {"[[package]]\nname = \"a\" x\n", 2, "unexpected text after the value"},
        {"[[package]]\nname = \"a\"\"b\"\n", 2, "unexpected text"},
        {"[[package]]\nx = 1979-05-27 junk\n", 2, "unexpected text"},
        {"[[package]]\nname = \"a\\", 2, "unterminated string"},
        {"[[package]]\nname = '''a''", 2, "unterminated string"},
        {"[[package]]\nname = \"\\U00110000\"\n", 2, "not a Unicode scalar value"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(bad); i++) {
        r = run(state, pkg_parse_poetry_lock, bad[i].toml, "poetry.lock");
        if (r.errs.len != 1 || pkgfx_err_at(&r, 0)->line != bad[i].line ||
            !strstr(pkgfx_err_at(&r, 0)->message, bad[i].msg)) {
            fprintf(stderr, "case %zu:\n", i);
            print_errs(&r);
        }
        assert_int_equal(r.pkgs.len, 0);
        assert_int_equal(r.errs.len, 1);
        assert_err(&r, 0, bad[i].line, bad[i].msg);
        pkgfx_parsed_free(&r);
    }
}

static void test_json_reader(void **state)
{
    static const struct {
        const char *json;
        int line;
        const char *msg;
    } bad[] = {
        {"", 1, "unexpected end"},
        {"{", 1, "expected a member name"},
        {"{\"a\" 1}", 1, "expected ':'"},
        {"{\"a\": 1,}", 1, "expected a member name"},
        {"[1,]", 1, "invalid value"},
        {"[1 2]", 1, "expected ',' or ']'"},
        {"{\"a\": 1 \"b\": 2}", 1, "expected ',' or '}'"},
        {"{\"libraries\": {}} x", 1, "unexpected text after"},
        {"\"abc", 1, "unterminated string"},
        {"\"a\\", 1, "unterminated string"},
        {"\n\n\"a\nb\"", 3, "control character in a string"},
        {"\"\\x\"", 1, "invalid escape"},
        {"\"\\u12g4\"", 1, "invalid \\u escape"},
        {"\"\\u12\"", 1, "invalid \\u escape"},
        {"01", 1, "unexpected text after"},
        {"-", 1, "invalid value"},
        {"1.", 1, "invalid number"},
        {"1e+", 1, "invalid number"},
        {"tru", 1, "invalid value"},
        {"nul", 1, "invalid value"},
        {"NaN", 1, "invalid value"},
        {"// c\n{}", 1, "invalid value"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(bad); i++) {
        parsed r = run(state, pkg_parse_deps_json, bad[i].json, "x.deps.json");
        if (r.errs.len != 1 || pkgfx_err_at(&r, 0)->line != bad[i].line ||
            !strstr(pkgfx_err_at(&r, 0)->message, bad[i].msg)) {
            fprintf(stderr, "case %zu:\n", i);
            print_errs(&r);
        }
        assert_int_equal(r.errs.len, 1);
        assert_err(&r, 0, bad[i].line, bad[i].msg);
        pkgfx_parsed_free(&r);
    }
    /* escapes: surrogate pairs, a lone surrogate, "\/"; duplicate member:
     * the last one counts */
    parsed r = run(state, pkg_parse_composer_lock,
                   "{\"packages\": [{\"name\": \"a\\/b\", \"version\": \"1\",\n"
                   "  \"license\": [\"\\ud83d\\ude00\", \"\\udc00x\", \"\\u00e9\\t\"],\n"
                   "  \"version\": \"2\"}]}",
                   "composer.lock");
    assert_int_equal(r.errs.len, 0);
    assert_string_equal(pkgfx_pkg_at(&r, 0)->name, "a/b");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->version, "2");
    assert_string_equal(pkgfx_pkg_at(&r, 0)->license, "\xF0\x9F\x98\x80 OR \xEF\xBF\xBDx OR \xC3\xA9\t");
    pkgfx_parsed_free(&r);
    /* a NUL from "\u0000" is refused by the checks, not silently cut */
    r = run(state, pkg_parse_composer_lock,
            "{\"packages\": [{\"name\": \"a/b\\u0000c\", \"version\": \"1\"}]}", "composer.lock");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 1, "invalid package name");
    pkgfx_parsed_free(&r);
}

static void test_toml_decoding(void **state)
{
    /* the reader's events, strings decoded */
    static const char toml[] =
        "a = \"\\b\\t\\n\\f\\r\\\"\\\\\\u00e9\\u20ac\\U0001F600\"\n" /* 1 */
        "\"b.c\" . 'd' = \"\"\"\n"                                  /* 2 */
        "x\"\"y\\\n"                                                /* 3 */
        "\n"                                                        /* 4 */
        "   z\"\"\"\n"                                              /* 5 */
        "e = { f = 1, g = { h = [] }, }\n"                          /* 6 */
        "[[ t . 'u' ]] # c\n"                                       /* 7 */
        "i = '''\n"                                                 /* 8 */
        "raw\\n'''''\n"                                             /* 9 */
        "\"\"\"k\"\"\" = 1\n";                                      /* 10: no multi-line keys */
    lt_reader r;
    lt_init(&r, *state, toml, sizeof(toml) - 1);
    lt_event ev;
    assert_true(lt_next(&r, &ev));
    assert_int_equal(ev.kind, LT_KEYVAL);
    assert_int_equal(ev.line, 1);
    assert_true(ev.is_string);
    static const char want_a[] = "\b\t\n\f\r\"\\\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    assert_int_equal(ev.slen, sizeof(want_a) - 1);
    assert_memory_equal(ev.str, want_a, ev.slen);
    assert_true(lt_next(&r, &ev));
    assert_int_equal(ev.line, 2);
    assert_int_equal(ev.nkeys, 2);
    assert_string_equal(ev.keys[0], "b.c");
    assert_string_equal(ev.keys[1], "d");
    assert_string_equal(ev.str, "x\"\"yz");
    assert_true(lt_next(&r, &ev));
    assert_int_equal(ev.line, 6);
    assert_false(ev.is_string);
    assert_null(ev.str);
    assert_true(lt_next(&r, &ev));
    assert_int_equal(ev.kind, LT_ARRAY_TABLE);
    assert_int_equal(ev.line, 7);
    assert_int_equal(ev.nkeys, 2);
    assert_string_equal(ev.keys[1], "u");
    assert_true(lt_next(&r, &ev));
    assert_int_equal(ev.line, 8);
    assert_string_equal(ev.str, "raw\\n''");
    assert_true(lt_next(&r, &ev));
    assert_int_equal(ev.kind, LT_ERROR);
    assert_int_equal(ev.line, 10);
    assert_string_equal(ev.msg, "a key cannot be a multi-line string");
    assert_false(lt_next(&r, &ev));
    /* "\u0000" decodes to a NUL that slen counts */
    lt_init(&r, *state, "n = \"a\\u0000b\"", 14);
    assert_true(lt_next(&r, &ev));
    assert_int_equal(ev.slen, 3);
    assert_memory_equal(ev.str, "a\0b", 3);
}

static void test_json_decoding(void **state)
{
    static const char json[] =
        "{\"s\": \"\\b\\f\\n\\r\\t\\\"\\\\\\/\\u0041\\u00e9\\u20ac\\ud83d\\ude00\",\n"
        " \"n\": null, \"t\": true, \"f\": false, \"num\": -12.5e+3,\n"
        " \"a\": [[1], {}], \"s\": \"last\"}";
    int line = 0;
    const char *msg = NULL;
    lj_val *root = lj_parse(*state, json, sizeof(json) - 1, 1, &line, &msg);
    assert_non_null(root);
    assert_int_equal(root->type, LJ_OBJ);
    assert_int_equal(root->len, 7);
    const lj_val *s = root->child;
    static const char want[] = "\b\f\n\r\t\"\\/A\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80";
    assert_int_equal(s->n, sizeof(want) - 1);
    assert_memory_equal(s->s, want, s->n);
    assert_string_equal(lj_get(root, "s")->s, "last");
    assert_int_equal(lj_get(root, "n")->type, LJ_NULL);
    assert_true(lj_get(root, "t")->b);
    assert_int_equal(lj_get(root, "f")->type, LJ_BOOL);
    assert_false(lj_get(root, "f")->b);
    assert_string_equal(lj_get(root, "num")->s, "-12.5e+3");
    assert_int_equal(lj_get(root, "num")->line, 2);
    /* depth 1 kept: the array is there, its elements are not */
    const lj_val *arr = lj_get(root, "a");
    assert_int_equal(arr->type, LJ_ARR);
    assert_int_equal(arr->len, 0);
    assert_null(lj_get(arr, "x"));
    assert_null(lj_get(root, "missing"));
    assert_string_equal(lj_type_name(lj_get(root, "n")), "null");
    assert_string_equal(lj_type_name(lj_get(root, "t")), "a boolean");
}

/* ==== paths ==== */

static void test_paths(void **state)
{
    (void)state;
    static const struct {
        const char *path;
        pkg_lang_parser f;
    } cases[] = {
        {"usr/lib/python3/dist-packages/PyYAML-6.0.dist-info/METADATA", pkg_parse_python_metadata},
        {"usr/local/lib/python3.12/site-packages/pip-24.0.dist-info/METADATA",
         pkg_parse_python_metadata},
        {"usr/lib/python3/dist-packages/six-1.16.0.egg-info/PKG-INFO", pkg_parse_python_metadata},
        {"usr/lib/python2.7/dist-packages/argparse-1.2.1.egg-info", pkg_parse_python_metadata},
        {"app/poetry.lock", pkg_parse_poetry_lock},
        {"Pipfile.lock", pkg_parse_pipfile_lock},
        {"app/requirements.txt", pkg_parse_requirements},
        {"app/requirements-dev.txt", pkg_parse_requirements},
        {"srv/Gemfile.lock", pkg_parse_gemfile_lock},
        {"srv/gems.locked", pkg_parse_gemfile_lock},
        {"usr/local/lib/ruby/gems/3.2.0/specifications/rake-13.0.6.gemspec", pkg_parse_gemspec},
        {"usr/local/lib/ruby/gems/3.2.0/specifications/default/json-2.6.3.gemspec",
         pkg_parse_gemspec},
        {"specifications/x-1.gemspec", pkg_parse_gemspec},
        {"var/www/composer.lock", pkg_parse_composer_lock},
        {"var/www/vendor/composer/installed.json", pkg_parse_composer_installed},
        {"vendor/composer/installed.json", pkg_parse_composer_installed},
        {"app/MyApp.deps.json", pkg_parse_deps_json},
        {"Cargo.lock", pkg_parse_cargo_lock},
        {"src/tool/Cargo.lock", pkg_parse_cargo_lock},
        /* not manifests */
        {"METADATA", NULL},
        {"usr/lib/python3/dist-packages/x/METADATA", NULL},
        {"x.dist-info/RECORD", NULL},
        {".dist-info/METADATA", NULL},
        {"PKG-INFO", NULL},
        {"src/PKG-INFO", NULL},
        {".egg-info", NULL},
        {"requirements.txt.bak", NULL},
        {"requirements", NULL},
        {"app/poetry.lock.orig", NULL},
        {"Gemfile", NULL},
        {"gems/rake-13.0.6/rake.gemspec", NULL},
        {"myspecifications/x.gemspec", NULL},
        {"specifications/.gemspec", NULL},
        {"composer.json", NULL},
        {"vendor/composer/installed.php", NULL},
        {"installed.json", NULL},
        {"xvendor/composer/installed.json", NULL},
        {".deps.json", NULL},
        {"app/MyApp.runtimeconfig.json", NULL},
        {"Cargo.toml", NULL},
        {"cargo.lock", NULL},
        {"", NULL},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        pkg_lang_parser f = pkg_lang_parser_for(cases[i].path);
        if (f != cases[i].f)
            fprintf(stderr, "path '%s'\n", cases[i].path);
        assert_true(f == cases[i].f);
        bool py = pkg_python_is_manifest(cases[i].path), rb = pkg_ruby_is_manifest(cases[i].path),
             php = pkg_php_is_manifest(cases[i].path), net = pkg_dotnet_is_manifest(cases[i].path),
             rs = pkg_rust_is_manifest(cases[i].path);
        assert_int_equal(py + rb + php + net + rs, f ? 1 : 0);
    }
    assert_true(pkg_python_is_manifest("a/b.dist-info/METADATA"));
    assert_true(pkg_ruby_is_manifest("Gemfile.lock"));
    assert_true(pkg_php_is_manifest("composer.lock"));
    assert_true(pkg_dotnet_is_manifest("a.deps.json"));
    assert_true(pkg_rust_is_manifest("Cargo.lock"));
    assert_null(pkg_lang_parser_for(NULL));
    assert_false(pkg_python_is_manifest(NULL));
}

static void test_dispatch(void **state)
{
    mt_arena *a = *state;
    parsed r = run(state, pkg_parse_python, "certifi==2024.2.2\n", "requirements.txt");
    assert_string_equal(listing(a, &r), "certifi\t2024.2.2\n");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_ruby, "GEM\n  specs:\n    a (1)\n", "gems.locked");
    assert_string_equal(listing(a, &r), "a\t1\n");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_php, "[{\"name\": \"a/b\", \"version\": \"1\"}]",
            "vendor/composer/installed.json");
    assert_string_equal(listing(a, &r), "a/b\t1\n");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_python, "x", "setup.py");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 0, "setup.py is not a Python manifest");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_ruby, "x", NULL);
    assert_err(&r, 0, 0, "(no path) is not a Ruby manifest");
    pkgfx_parsed_free(&r);
    r = run(state, pkg_parse_php, "x", "composer.json");
    assert_err(&r, 0, 0, "not a PHP manifest");
    pkgfx_parsed_free(&r);
}

/* ==== bounds and conventions ==== */

static const pkg_lang_parser all_parsers[] = {
    pkg_parse_python_metadata, pkg_parse_poetry_lock,   pkg_parse_pipfile_lock,
    pkg_parse_requirements,    pkg_parse_gemfile_lock,  pkg_parse_gemspec,
    pkg_parse_composer_lock,   pkg_parse_composer_installed, pkg_parse_deps_json,
    pkg_parse_cargo_lock,
};

static void test_empty_and_null(void **state)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(all_parsers); i++) {
        parsed r = run_n(state, all_parsers[i], NULL, 0, "x");
        assert_int_equal(r.pkgs.len, 0);
        pkgfx_parsed_free(&r);
        r = run_n(state, all_parsers[i], "", 0, NULL);
        assert_int_equal(r.pkgs.len, 0);
        pkgfx_parsed_free(&r);
        /* errs may be NULL */
        mt_vec out = {0};
        assert_int_equal(all_parsers[i](*state, "{[\"\n", 4, "x", &out, NULL), 0);
        mt_vec_free(&out);
    }
}

static void test_bounds(void **state)
{
    mt_arena *a = *state;
    /* a TOML string longer than 64 KiB */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "[[package]]\nname = \"");
    for (int i = 0; i < 70000; i++)
        mt_buf_putc(&b, 'a');
    mt_buf_puts(&b, "\"\nversion = \"1\"\n[[package]]\nname = \"b\"\nversion = \"2\"\n");
    parsed r = run_n(state, pkg_parse_poetry_lock, b.data, b.len, "poetry.lock");
    assert_string_equal(listing(a, &r), "b\t2\n");
    assert_err(&r, 0, 2, "longer than 65536 bytes");
    pkgfx_parsed_free(&r);
    /* a name within the TOML bound but over PKG_MAX_VALUE */
    mt_buf_clear(&b);
    mt_buf_puts(&b, "[[package]]\nname = \"");
    for (int i = 0; i < 2000; i++)
        mt_buf_putc(&b, 'a');
    mt_buf_puts(&b, "\"\nversion = \"1\"\nsource = \"git+x\"\n");
    r = run_n(state, pkg_parse_cargo_lock, b.data, b.len, "Cargo.lock");
    assert_int_equal(r.pkgs.len, 0);
    assert_err(&r, 0, 2, "longer than 1024 bytes");
    pkgfx_parsed_free(&r);
    /* TOML arrays nested deeper than 32 */
    mt_buf_clear(&b);
    mt_buf_puts(&b, "[[package]]\nx = ");
    for (int i = 0; i < 40; i++)
        mt_buf_putc(&b, '[');
    for (int i = 0; i < 40; i++)
        mt_buf_putc(&b, ']');
    mt_buf_puts(&b, "\n");
    r = run_n(state, pkg_parse_poetry_lock, b.data, b.len, "poetry.lock");
    assert_err(&r, 0, 2, "nest more than 32 deep");
    pkgfx_parsed_free(&r);
    /* 32 deep is fine */
    mt_buf_clear(&b);
    mt_buf_puts(&b, "[[package]]\nname = \"a\"\nversion = \"1\"\nx = ");
    for (int i = 0; i < 32; i++)
        mt_buf_putc(&b, '[');
    for (int i = 0; i < 32; i++)
        mt_buf_putc(&b, ']');
    r = run_n(state, pkg_parse_poetry_lock, b.data, b.len, "poetry.lock");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 1);
    pkgfx_parsed_free(&r);
    /* JSON nested deeper than 64 */
    mt_buf_clear(&b);
    for (int i = 0; i < 100000; i++)
        mt_buf_putc(&b, '[');
    r = run_n(state, pkg_parse_composer_installed, b.data, b.len, "installed.json");
    assert_err(&r, 0, 1, "nest more than 64 deep");
    pkgfx_parsed_free(&r);
    /* more values than LJ_MAX_NODES at a kept depth */
    mt_buf_clear(&b);
    mt_buf_putc(&b, '[');
    for (unsigned i = 0; i < LJ_MAX_NODES + 10; i++)
        mt_buf_puts(&b, "0,");
    mt_buf_puts(&b, "0]");
    r = run_n(state, pkg_parse_composer_installed, b.data, b.len, "installed.json");
    assert_err(&r, 0, 1, "more than 1048576 values");
    pkgfx_parsed_free(&r);
    /* ... but values deeper than a parser keeps are not counted */
    mt_buf_clear(&b);
    mt_buf_puts(&b, "{\"libraries\": {\"A/1\": {\"type\": \"package\", \"x\": [[");
    for (unsigned i = 0; i < LJ_MAX_NODES + 10; i++)
        mt_buf_puts(&b, "0,");
    mt_buf_puts(&b, "0]]}}}");
    r = run_n(state, pkg_parse_deps_json, b.data, b.len, "a.deps.json");
    assert_int_equal(r.errs.len, 0);
    assert_int_equal(r.pkgs.len, 1);
    pkgfx_parsed_free(&r);
    /* a requirement line over 64 KiB, continued over many lines */
    mt_buf_clear(&b);
    mt_buf_puts(&b, "a==1\nlong==1.0 \\\n");
    for (int i = 0; i < 2000; i++)
        mt_buf_puts(&b, "    --hash=sha256:0000000000000000000000000000000000000000000 \\\n");
    mt_buf_puts(&b, "\nb==2\n");
    r = run_n(state, pkg_parse_requirements, b.data, b.len, "requirements.txt");
    assert_string_equal(listing(a, &r), "a\t1\nb\t2\n");
    assert_int_equal(r.errs.len, 1);
    assert_err(&r, 0, 2, "longer than 65536 bytes");
    pkgfx_parsed_free(&r);
    mt_buf_free(&b);
}

static void test_error_cap(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    for (int i = 0; i < PKG_MAX_ERRORS + 50; i++)
        mt_buf_puts(&b, "==1\n");
    parsed r = run_n(state, pkg_parse_requirements, b.data, b.len, "requirements.txt");
    assert_int_equal(r.errs.len, PKG_MAX_ERRORS + 1);
    assert_err(&r, PKG_MAX_ERRORS, PKG_MAX_ERRORS + 1, "too many errors");
    pkgfx_parsed_free(&r);
    mt_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_metadata_real_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_license_rule, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_metadata_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poetry_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_poetry_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipfile_lock_real, setup, teardown),
        cmocka_unit_test_setup_teardown(test_pipfile_lock_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requirements_real, setup, teardown),
        cmocka_unit_test_setup_teardown(test_requirements_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gemfile_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gemfile_lock_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gemspec_real, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gemspec_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_gemspec_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_composer_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_composer_installed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_composer_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deps_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_deps_json_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cargo_lock, setup, teardown),
        cmocka_unit_test_setup_teardown(test_cargo_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_toml_reader, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_reader, setup, teardown),
        cmocka_unit_test_setup_teardown(test_toml_decoding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_decoding, setup, teardown),
        cmocka_unit_test_setup_teardown(test_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dispatch, setup, teardown),
        cmocka_unit_test_setup_teardown(test_empty_and_null, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_error_cap, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
