/* test_pkg_rpm.c — unit tests of the rpm database readers (pkg/rpm.h) on
 * real databases: the same 18 packages and a gpg-pubkey written by rpm 4.18
 * to its sqlite and ndb backends, and loaded into little- and big-endian
 * Berkeley DB hash files that rpm's bdb_ro backend reads back, each
 * compared line by line with what `rpm -qa --queryformat` printed for it
 * (the .expected files of tests/pkg/rpm, made by make-fixtures.sh there);
 * then the header blob decoder on crafted headers (every check), and each
 * database format damaged in the ways that matter: truncation, bad magic,
 * broken overflow chains and blob frames, non-table Packages, error lines,
 * the error cap. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <sqlite3.h>

#include "pkg/pkg.h"
#include "pkg/pkg_internal.h"
#include "pkg/rpm.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

/* ---- helpers ---- */

typedef size_t (*parser_fn)(mt_arena *, const char *, size_t, const char *, mt_vec *, mt_vec *);

typedef struct {
    mt_vec pkgs;
    mt_vec errs;
} parsed;

static parsed run(void **state, parser_fn fn, const void *data, size_t len)
{
    parsed r = {0};
    size_t n = fn(*state, data, len, "var/lib/rpm/db", &r.pkgs, &r.errs);
    assert_int_equal(n, r.pkgs.len);
    return r;
}

static void parsed_free(parsed *r)
{
    mt_vec_free(&r->pkgs);
    mt_vec_free(&r->errs);
}

static mt_pkg *find(const parsed *r, const char *name)
{
    for (size_t i = 0; i < r->pkgs.len; i++) {
        mt_pkg *p = r->pkgs.items[i];
        if (strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

static mt_pkg_error *err_at(const parsed *r, size_t i)
{
    assert_true(i < r->errs.len);
    return r->errs.items[i];
}

static void print_errs(const parsed *r)
{
    for (size_t i = 0; i < r->errs.len; i++)
        fprintf(stderr, "  line %d: %s\n", err_at(r, i)->line, err_at(r, i)->message);
}

/* Whether some error message contains `word`. */
static bool has_err(const parsed *r, const char *word)
{
    for (size_t i = 0; i < r->errs.len; i++) {
        if (strstr(err_at(r, i)->message, word))
            return true;
    }
    return false;
}

/* The line rpm prints for a package with make-fixtures.sh's format:
 * NAME \t EPOCHNUM:VERSION-RELEASE \t ARCH \t SOURCERPM \t LICENSE \t EVR.
 * SOURCERPM is rebuilt from the source name and version (less the epoch
 * the reader puts in front of it). */
static char *rpm_line(mt_arena *a, const mt_pkg *p)
{
    const char *v = p->version, *colon = strchr(v, ':');
    char *epochnum = colon ? mt_arena_strndup(a, v, (size_t)(colon - v)) : "0";
    const char *vr = colon ? colon + 1 : v;
    const char *sv = p->source_version, *scolon = strchr(sv, ':');
    /* the source version carries the same epoch as the binary, or none */
    if (colon) {
        assert_non_null(scolon);
        assert_memory_equal(sv, v, (size_t)(colon - v) + 1);
        sv = scolon + 1;
    } else {
        assert_null(scolon);
    }
    return mt_arena_printf(a, "%s\t%s:%s\t%s\t%s-%s.src.rpm\t%s\t%s", p->name, epochnum, vr,
                           p->arch ? p->arch : "(none)", p->source_name, sv,
                           p->license ? p->license : "(none)", p->version);
}

/* Parses tests/pkg/rpm/FILE and compares it with EXPECTED (default
 * FILE.expected), which lists the gpg-pubkey the reader leaves out;
 * returns the package count. */
static size_t check_against(void **state, parser_fn fn, const char *file, const char *expected)
{
    mt_arena *a = *state;
    char path[256];
    size_t len, elen;
    snprintf(path, sizeof(path), "rpm/%s", file);
    char *data = pkgfx_read(path, &len);
    if (expected)
        snprintf(path, sizeof(path), "rpm/%s", expected);
    else
        snprintf(path, sizeof(path), "rpm/%s.expected", file);
    char *exp = pkgfx_read(path, &elen);
    mt_vec all = pkgfx_lines(a, exp, elen);
    mt_vec want = {0};
    size_t pubkeys = 0;
    for (size_t i = 0; i < all.len; i++) {
        if (strncmp(all.items[i], "gpg-pubkey\t", 11) == 0)
            pubkeys++;
        else
            mt_vec_push(&want, all.items[i]);
    }
    assert_int_equal(pubkeys, 1);

    parsed r = run(state, fn, data, len);
    print_errs(&r);
    assert_int_equal(r.errs.len, 0);
    mt_vec got = {0};
    for (size_t i = 0; i < r.pkgs.len; i++) {
        mt_pkg *p = r.pkgs.items[i];
        assert_string_equal(p->type, "rpm");
        assert_string_equal(p->db_path, "var/lib/rpm/db");
        assert_int_equal(p->layer, -1);
        assert_null(p->purl);
        assert_null(p->checksum);
        mt_vec_push(&got, rpm_line(a, p));
    }
    qsort(got.items, got.len, sizeof(got.items[0]), pkgfx_strcmp);
    pkgfx_assert_same(&got, &want);
    size_t n = r.pkgs.len;
    mt_vec_free(&got);
    mt_vec_free(&want);
    mt_vec_free(&all);
    parsed_free(&r);
    free(data);
    free(exp);
    return n;
}

static size_t check_against_rpm(void **state, parser_fn fn, const char *file)
{
    return check_against(state, fn, file, NULL);
}

/* ---- real databases against rpm -qa ---- */

static void test_sqlite_matches_rpm(void **state)
{
    assert_int_equal(check_against_rpm(state, pkg_parse_rpm_sqlite, "rpmdb.sqlite"), 18);
}

static void test_ndb_matches_rpm(void **state)
{
    assert_int_equal(check_against_rpm(state, pkg_parse_rpm_ndb, "Packages.db"), 18);
}

static void test_bdb_matches_rpm(void **state)
{
    /* little-endian, 4 KiB pages: every header on overflow pages, the
     * largest (big-files, 19 KB) on a chain of five */
    assert_int_equal(check_against_rpm(state, pkg_parse_rpm_bdb, "Packages"), 18);
}

static void test_bdb_big_endian_matches_rpm(void **state)
{
    /* big-endian, 8 KiB pages: headers on the hash pages themselves, four
     * buckets, one of them continued on a second page */
    assert_int_equal(check_against_rpm(state, pkg_parse_rpm_bdb, "Packages.be"), 18);
}

static void test_bdb_checksummed_pages(void **state)
{
    /* 512-byte pages with checksums: rpm's bdb_ro cannot read these, so
     * the listing is the one of the same blobs in Packages */
    size_t n = check_against(state, pkg_parse_rpm_bdb, "Packages.chksum", "Packages.expected");
    assert_int_equal(n, 18);
}

static void test_details(void **state)
{
    size_t len;
    char *data = pkgfx_read("rpm/Packages.db", &len);
    parsed r = run(state, pkg_parse_rpm_ndb, data, len);
    assert_null(find(&r, "gpg-pubkey"));
    mt_pkg *p = find(&r, "perl-Epoch-Thing");
    assert_non_null(p);
    assert_string_equal(p->version, "4:1.23-2.el9");
    assert_string_equal(p->source_name, "perl-Epoch-Thing");
    assert_string_equal(p->source_version, "4:1.23-2.el9");
    assert_string_equal(p->arch, "noarch");
    assert_string_equal(p->license, "GPL+ or Artistic");
    p = find(&r, "zero-epoch"); /* Epoch: 0 is written, as %{EVR} does */
    assert_string_equal(p->version, "0:0.1~rc1-0.1^20240101git");
    p = find(&r, "hello-libs"); /* a subpackage: source is the main package */
    assert_string_equal(p->version, "2.12.1-3.fc40");
    assert_string_equal(p->source_name, "hello");
    assert_string_equal(p->source_version, "2.12.1-3.fc40");
    assert_string_equal(p->arch, "x86_64");
    assert_string_equal(p->license, "GPL-3.0-or-later AND LGPL-2.1-or-later");
    p = find(&r, "python3-bulk-07");
    assert_string_equal(p->source_name, "python-bulk-07");
    assert_string_equal(p->source_version, "1.07.0-07.fc40");
    p = find(&r, "libstdc++-compat");
    assert_string_equal(p->version, "12.2.1-4.el9_2");
    /* the purl the caller makes of it: epoch as a qualifier */
    p = find(&r, "perl-Epoch-Thing");
    mt_os os = {.id = "rocky", .version_id = "9.3"};
    pkg_purl(*state, p, &os);
    assert_string_equal(
        p->purl, "pkg:rpm/rocky/perl-Epoch-Thing@1.23-2.el9?arch=noarch&distro=rocky-9.3&epoch=4");
    parsed_free(&r);
    free(data);
}

static void test_sqlite_wal_file_left_untouched(void **state)
{
    /* rpm leaves its database in WAL mode (file format bytes 18-19 = 2);
     * the reader patches its private copy, never the caller's buffer */
    size_t len;
    char *data = pkgfx_read("rpm/rpmdb.sqlite", &len);
    assert_int_equal(data[18], 2);
    assert_int_equal(data[19], 2);
    char *copy = malloc(len);
    memcpy(copy, data, len);
    parsed r = run(state, pkg_parse_rpm_sqlite, data, len);
    assert_int_equal(r.pkgs.len, 18);
    assert_memory_equal(copy, data, len);
    parsed_free(&r);
    free(copy);
    free(data);
}

/* ---- header blobs built by hand ---- */

typedef struct {
    uint32_t tag, type, count;
    const void *data;
    size_t n; /* bytes of data */
} hent;

static void put32(mt_buf *b, uint32_t v)
{
    unsigned char x[4] = {(unsigned char)(v >> 24), (unsigned char)(v >> 16),
                          (unsigned char)(v >> 8), (unsigned char)v};
    mt_buf_put(b, (const char *)x, 4);
}

static void set32(char *p, uint32_t v)
{
    p[0] = (char)(v >> 24);
    p[1] = (char)(v >> 16);
    p[2] = (char)(v >> 8);
    p[3] = (char)v;
}

/* A header blob with these entries, data laid out in order and aligned
 * like rpm does; with `region`, a leading immutable region entry (tag 63)
 * covering them all, its trailer at the end of the data. */
static void build(mt_buf *out, const hent *e, size_t ne, bool region)
{
    mt_buf data;
    mt_buf_init(&data);
    uint32_t *offs = calloc(ne, sizeof(*offs));
    for (size_t i = 0; i < ne; i++) {
        uint32_t align = e[i].type == 3 ? 2 : e[i].type == 4 ? 4 : e[i].type == 5 ? 8 : 1;
        while (data.len % align)
            mt_buf_putc(&data, 0);
        offs[i] = (uint32_t)data.len;
        mt_buf_put(&data, e[i].data, e[i].n);
    }
    uint32_t il = (uint32_t)ne + (region ? 1 : 0);
    uint32_t trailer = (uint32_t)data.len;
    if (region) {
        put32(&data, 63);
        put32(&data, 7);
        put32(&data, 0u - il * 16);
        put32(&data, 16);
    }
    mt_buf_clear(out);
    put32(out, il);
    put32(out, (uint32_t)data.len);
    if (region) {
        put32(out, 63);
        put32(out, 7);
        put32(out, trailer);
        put32(out, 16);
    }
    for (size_t i = 0; i < ne; i++) {
        put32(out, e[i].tag);
        put32(out, e[i].type);
        put32(out, offs[i]);
        put32(out, e[i].count);
    }
    mt_buf_put(out, data.data, data.len);
    free(offs);
    mt_buf_free(&data);
}

#define S(tag, str) {tag, 6, 1, str, sizeof(str)}

static const unsigned char epoch7[4] = {0, 0, 0, 7};
static const unsigned char epoch0[4] = {0, 0, 0, 0};

static pkg_rpm_result decode(void **state, const mt_buf *b, mt_pkg *p, const char **why)
{
    *why = NULL;
    pkg_rpm_result r = pkg_rpm_header(*state, b->data, b->len, p, why);
    if (r == PKG_RPM_BAD)
        assert_non_null(*why);
    return r;
}

static void test_header_fields(void **state)
{
    static const char i18n[] = "MIT\0Lizenz MIT";
    const hent e[] = {
        S(1000, "bash"),
        S(1001, "5.1.8"),
        S(1002, "6.el9"),
        {1003, 4, 1, epoch7, 4},
        {1014, 9, 2, i18n, sizeof(i18n)}, /* I18N string: the first (C) one */
        S(1022, "x86_64"),
        S(1044, "bash-5.1.8-6.el9.src.rpm"),
    };
    mt_buf b;
    mt_buf_init(&b);
    for (int region = 0; region < 2; region++) {
        build(&b, e, MT_ARRAY_LEN(e), region);
        mt_pkg p;
        const char *why;
        assert_int_equal(decode(state, &b, &p, &why), PKG_RPM_PACKAGE);
        assert_string_equal(p.type, "rpm");
        assert_string_equal(p.name, "bash");
        assert_string_equal(p.version, "7:5.1.8-6.el9");
        assert_string_equal(p.source_name, "bash");
        assert_string_equal(p.source_version, "7:5.1.8-6.el9");
        assert_string_equal(p.arch, "x86_64");
        assert_string_equal(p.license, "MIT");
        assert_null(p.db_path);
        assert_int_equal(p.layer, -1);
    }
    /* no epoch, epoch 0, no ARCH/LICENSE/SOURCERPM */
    const hent bare[] = {S(1000, "a"), S(1001, "1"), S(1002, "2")};
    build(&b, bare, 3, true);
    mt_pkg p;
    const char *why;
    assert_int_equal(decode(state, &b, &p, &why), PKG_RPM_PACKAGE);
    assert_string_equal(p.version, "1-2");
    assert_string_equal(p.source_name, "a");
    assert_string_equal(p.source_version, "1-2");
    assert_null(p.arch);
    assert_null(p.license);
    const hent zero[] = {S(1000, "a"), S(1001, "1"), S(1002, "2"), {1003, 4, 1, epoch0, 4}};
    build(&b, zero, 4, true);
    assert_int_equal(decode(state, &b, &p, &why), PKG_RPM_PACKAGE);
    assert_string_equal(p.version, "0:1-2");
    mt_buf_free(&b);
}

static void test_header_sourcerpm_forms(void **state)
{
    static const struct {
        const char *srpm, *name, *version;
    } cases[] = {
        {"python-foo-bar-1.2-3.fc40.src.rpm", "python-foo-bar", "1.2-3.fc40"},
        {"kernel-5.14.0-362.8.1.el9_3.nosrc.rpm", "kernel", "5.14.0-362.8.1.el9_3"},
        {"x-1-2.src.rpm", "x", "1-2"},
        /* not NAME-VERSION-RELEASE.src.rpm: the binary's own name and version */
        {"weird.src.rpm", "bin", "9-9"},
        {"a-1.src.rpm", "bin", "9-9"},
        {"-1-2.src.rpm", "bin", "9-9"},
        {"a--2.src.rpm", "bin", "9-9"},
        {"a-1-.src.rpm", "bin", "9-9"},
        {"a-1-2.rpm", "bin", "9-9"},
        {"", "bin", "9-9"},
    };
    mt_buf b;
    mt_buf_init(&b);
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        const hent e[] = {S(1000, "bin"), S(1001, "9"), S(1002, "9"),
                          {1044, 6, 1, cases[i].srpm, strlen(cases[i].srpm) + 1}};
        build(&b, e, 4, true);
        mt_pkg p;
        const char *why;
        assert_int_equal(decode(state, &b, &p, &why), PKG_RPM_PACKAGE);
        assert_string_equal(p.source_name, cases[i].name);
        assert_string_equal(p.source_version, cases[i].version);
    }
    mt_buf_free(&b);
}

static void test_header_gpg_pubkey_skipped(void **state)
{
    const hent e[] = {S(1000, "gpg-pubkey"), S(1001, "820738ce"), S(1002, "6b02e130"),
                      S(1014, "pubkey")};
    mt_buf b;
    mt_buf_init(&b);
    build(&b, e, MT_ARRAY_LEN(e), true);
    mt_pkg p;
    const char *why;
    assert_int_equal(decode(state, &b, &p, &why), PKG_RPM_SKIPPED);
    mt_buf_free(&b);
}

/* One malformed header: builds it, lets `mutate` damage it, and expects
 * PKG_RPM_BAD with `word` in the reason. */
static void expect_bad(void **state, const hent *e, size_t ne, bool region,
                       void (*mutate)(mt_buf *), const char *word)
{
    mt_buf b;
    mt_buf_init(&b);
    build(&b, e, ne, region);
    if (mutate)
        mutate(&b);
    mt_pkg p;
    const char *why;
    assert_int_equal(decode(state, &b, &p, &why), PKG_RPM_BAD);
    if (!strstr(why, word))
        fprintf(stderr, "reason '%s' lacks '%s'\n", why, word);
    assert_non_null(strstr(why, word));
    mt_buf_free(&b);
}

/* entry i (counting the region entry) field f: 0 tag, 1 type, 2 offset, 3 count */
static char *entry_field(mt_buf *b, size_t i, int f)
{
    return b->data + 8 + i * 16 + (size_t)f * 4;
}

static void m_trunc(mt_buf *b)
{
    b->len--;
}
static void m_extra(mt_buf *b)
{
    mt_buf_putc(b, 0);
}
static void m_il0(mt_buf *b)
{
    set32(b->data, 0);
}
static void m_il_big(mt_buf *b)
{
    set32(b->data, 0x10000);
}
static void m_dl_big(mt_buf *b)
{
    set32(b->data + 4, 0x10000000);
}
static void m_type0(mt_buf *b)
{
    set32(entry_field(b, 0, 1), 0);
}
static void m_type10(mt_buf *b)
{
    set32(entry_field(b, 0, 1), 10);
}
static void m_off_out(mt_buf *b)
{
    set32(entry_field(b, 0, 2), 0x7fffffff);
}
static void m_count0(mt_buf *b)
{
    set32(entry_field(b, 0, 3), 0);
}
static void m_count2(mt_buf *b)
{
    set32(entry_field(b, 0, 3), 2);
}
static void m_tag_low(mt_buf *b)
{
    set32(entry_field(b, 0, 0), 99);
}
static void m_overlap(mt_buf *b)
{
    set32(entry_field(b, 1, 2), 0); /* VERSION at NAME's offset */
}
static void m_misalign(mt_buf *b)
{
    set32(entry_field(b, 3, 2), 13); /* EPOCH (INT32, at 12) at an odd offset */
}
static void m_epoch_past(mt_buf *b)
{
    set32(entry_field(b, 3, 3), 2); /* two INT32s at 12 in 16 bytes */
}
static void m_no_nul(mt_buf *b)
{
    b->data[b->len - 1] = 'x'; /* the last string loses its NUL */
}
static void m_ctl(mt_buf *b)
{
    b->data[8 + 3 * 16] = '\x01'; /* first byte of the data: NAME */
}
static void m_region_count(mt_buf *b)
{
    set32(entry_field(b, 0, 3), 15);
}
static void m_region_off(mt_buf *b)
{
    set32(entry_field(b, 0, 2), 0x0fffffff);
}
static void m_region_trailer(mt_buf *b)
{
    set32(b->data + b->len - 16, 62); /* trailer tag */
}
static void m_region_size(mt_buf *b)
{
    set32(b->data + b->len - 8, 0u - 100 * 16); /* region of 100 entries */
}

static void test_header_malformed(void **state)
{
    const hent nvr[] = {S(1000, "name"), S(1001, "1.0"), S(1002, "1")};
    const hent nvre[] = {S(1000, "name"), S(1001, "1.0"), S(1002, "1"), {1003, 4, 1, epoch7, 4}};
    expect_bad(state, nvr, 3, false, m_trunc, "length");
    expect_bad(state, nvr, 3, false, m_extra, "length");
    expect_bad(state, nvr, 3, false, m_il0, "index count");
    expect_bad(state, nvr, 3, false, m_il_big, "index count");
    expect_bad(state, nvr, 3, false, m_dl_big, "too large");
    expect_bad(state, nvr, 3, false, m_type0, "type");
    expect_bad(state, nvr, 3, false, m_type10, "type");
    expect_bad(state, nvr, 3, false, m_off_out, "outside");
    expect_bad(state, nvr, 3, false, m_count0, "count");
    expect_bad(state, nvr, 3, false, m_count2, "count other than 1");
    expect_bad(state, nvr, 3, false, m_tag_low, "reserved tag");
    expect_bad(state, nvr, 3, false, m_overlap, "overlap");
    expect_bad(state, nvr, 3, false, m_no_nul, "past the data");
    expect_bad(state, nvr, 3, false, m_ctl, "control character");
    expect_bad(state, nvre, 4, false, m_misalign, "misaligned");
    expect_bad(state, nvre, 4, false, m_epoch_past, "past the data");
    expect_bad(state, nvr, 3, true, m_region_count, "region");
    expect_bad(state, nvr, 3, true, m_region_off, "region");
    expect_bad(state, nvr, 3, true, m_region_trailer, "region trailer");
    expect_bad(state, nvr, 3, true, m_region_size, "region is larger");

    /* missing or empty NAME/VERSION/RELEASE; fields of the wrong type */
    const hent no_name[] = {S(1001, "1.0"), S(1002, "1")};
    expect_bad(state, no_name, 2, true, NULL, "no NAME");
    const hent no_rel[] = {S(1000, "n"), S(1001, "1.0")};
    expect_bad(state, no_rel, 2, true, NULL, "no RELEASE");
    const hent empty_ver[] = {S(1000, "n"), S(1001, ""), S(1002, "1")};
    expect_bad(state, empty_ver, 3, true, NULL, "no VERSION");
    const hent int_name[] = {{1000, 4, 1, epoch7, 4}, S(1001, "1"), S(1002, "1")};
    expect_bad(state, int_name, 3, true, NULL, "non-string");
    const hent str_epoch[] = {S(1000, "n"), S(1001, "1"), S(1002, "1"), S(1003, "1")};
    expect_bad(state, str_epoch, 4, true, NULL, "EPOCH");
    char *longname = calloc(PKG_MAX_VALUE + 2, 1);
    memset(longname, 'n', PKG_MAX_VALUE + 1);
    const hent long_name[] = {{1000, 6, 1, longname, PKG_MAX_VALUE + 2}, S(1001, "1"),
                              S(1002, "1")};
    expect_bad(state, long_name, 3, true, NULL, "too long");
    free(longname);

    /* too short for the preamble, NULL */
    mt_pkg p;
    const char *why;
    assert_int_equal(pkg_rpm_header(*state, "\0\0\0\1\0\0", 6, &p, &why), PKG_RPM_BAD);
    assert_int_equal(pkg_rpm_header(*state, NULL, 0, &p, &why), PKG_RPM_BAD);
}

static void test_header_every_truncation(void **state)
{
    /* a real header (from the ndb fixture), cut at every length: always
     * refused, never read past its end (ASan) */
    size_t len;
    char *data = pkgfx_read("rpm/Packages.db", &len);
    const unsigned char *s = (const unsigned char *)data + 32; /* first slot */
    uint32_t blkoff = (uint32_t)s[8] | (uint32_t)s[9] << 8 | (uint32_t)s[10] << 16 |
                      (uint32_t)s[11] << 24;
    const unsigned char *b = (const unsigned char *)data + (size_t)blkoff * 16;
    uint32_t bloblen = (uint32_t)b[12] | (uint32_t)b[13] << 8 | (uint32_t)b[14] << 16 |
                       (uint32_t)b[15] << 24;
    assert_true((size_t)blkoff * 16 + 16 + bloblen <= len);
    mt_pkg p;
    const char *why;
    assert_int_equal(pkg_rpm_header(*state, b + 16, bloblen, &p, &why), PKG_RPM_PACKAGE);
    for (size_t n = 0; n < bloblen; n++) {
        unsigned char *cut = malloc(n ? n : 1);
        memcpy(cut, b + 16, n);
        assert_int_equal(pkg_rpm_header(*state, cut, n, &p, &why), PKG_RPM_BAD);
        free(cut);
    }
    free(data);
}

/* ---- sqlite ---- */

/* An SQLite database made by `sql` (and blobs bound to ?1.. of the last
 * statement), serialized; the caller sqlite3_free()s it. */
static unsigned char *make_sqlite(const char *sql, const char *insert, const mt_buf *blobs,
                                  size_t nblobs, sqlite3_int64 *len)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
    for (size_t i = 0; i < nblobs; i++) {
        sqlite3_stmt *st;
        assert_int_equal(sqlite3_prepare_v2(db, insert, -1, &st, NULL), SQLITE_OK);
        sqlite3_bind_blob(st, 1, blobs[i].data, (int)blobs[i].len, SQLITE_TRANSIENT);
        assert_int_equal(sqlite3_step(st), SQLITE_DONE);
        sqlite3_finalize(st);
    }
    unsigned char *out = sqlite3_serialize(db, "main", len, 0);
    assert_non_null(out);
    sqlite3_close(db);
    return out;
}

static const char rpm_schema[] =
    "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY AUTOINCREMENT, blob BLOB NOT NULL);";

static void test_sqlite_bad_records(void **state)
{
    mt_buf blobs[4];
    for (int i = 0; i < 4; i++)
        mt_buf_init(&blobs[i]);
    const hent good[] = {S(1000, "good"), S(1001, "1"), S(1002, "1")};
    const hent key[] = {S(1000, "gpg-pubkey"), S(1001, "1"), S(1002, "1")};
    build(&blobs[0], good, 3, true);
    build(&blobs[1], good, 3, true);
    blobs[1].len -= 3; /* truncated */
    build(&blobs[2], key, 3, true);
    build(&blobs[3], good, 3, false);
    sqlite3_int64 len;
    unsigned char *db = make_sqlite(rpm_schema, "INSERT INTO Packages (blob) VALUES (?1)", blobs,
                                    4, &len);
    parsed r = run(state, pkg_parse_rpm_sqlite, db, (size_t)len);
    assert_int_equal(r.pkgs.len, 2);
    assert_int_equal(r.errs.len, 1);
    assert_int_equal(err_at(&r, 0)->line, 2); /* hnum of the truncated blob */
    assert_non_null(strstr(err_at(&r, 0)->message, "package 2"));
    parsed_free(&r);
    sqlite3_free(db);

    /* a text value where the blob should be */
    db = make_sqlite("CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, blob);"
                     "INSERT INTO Packages VALUES (5, 'text');",
                     "INSERT INTO Packages (blob) VALUES (?1)", blobs, 1, &len);
    r = run(state, pkg_parse_rpm_sqlite, db, (size_t)len);
    assert_int_equal(r.pkgs.len, 1);
    assert_int_equal(r.errs.len, 1);
    assert_int_equal(err_at(&r, 0)->line, 5);
    assert_non_null(strstr(err_at(&r, 0)->message, "not a BLOB"));
    parsed_free(&r);
    sqlite3_free(db);
    for (int i = 0; i < 4; i++)
        mt_buf_free(&blobs[i]);
}

static void test_sqlite_not_rpm(void **state)
{
    sqlite3_int64 len;
    /* no Packages table */
    unsigned char *db = make_sqlite("CREATE TABLE Other (x);", NULL, NULL, 0, &len);
    parsed r = run(state, pkg_parse_rpm_sqlite, db, (size_t)len);
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 1);
    assert_int_equal(err_at(&r, 0)->line, 0);
    assert_non_null(strstr(err_at(&r, 0)->message, "no Packages table"));
    parsed_free(&r);
    sqlite3_free(db);
    /* Packages as a view: refused (views are off) */
    db = make_sqlite("CREATE TABLE T (hnum, blob); CREATE VIEW Packages AS SELECT * FROM T;", NULL,
                     NULL, 0, &len);
    r = run(state, pkg_parse_rpm_sqlite, db, (size_t)len);
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 1);
    parsed_free(&r);
    sqlite3_free(db);
    /* not SQLite, empty, NULL */
    static const char junk[600] = "SQLite format 2";
    r = run(state, pkg_parse_rpm_sqlite, junk, sizeof(junk));
    assert_int_equal(r.errs.len, 1);
    assert_non_null(strstr(err_at(&r, 0)->message, "not an SQLite"));
    parsed_free(&r);
    r = run(state, pkg_parse_rpm_sqlite, NULL, 0);
    assert_int_equal(r.errs.len, 1);
    parsed_free(&r);
}

static void test_sqlite_hostile_schema(void **state)
{
    /* a Packages whose blob is computed (a generated column) into values
     * larger than the file: reading stops at the first row past it */
    sqlite3_int64 len;
    unsigned char *db = make_sqlite(
        "CREATE TABLE Packages (hnum INTEGER PRIMARY KEY, x, blob AS (zeroblob(hnum * 100000)));"
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 1000) "
        "INSERT INTO Packages (hnum, x) SELECT i, 0 FROM n;",
        NULL, NULL, 0, &len);
    parsed r = run(state, pkg_parse_rpm_sqlite, db, (size_t)len);
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 1);
    assert_true(has_err(&r, "more than the file"));
    parsed_free(&r);
    sqlite3_free(db);
}

static void test_sqlite_damaged(void **state)
{
    /* the real database cut short, or with a page overwritten: whatever is
     * read, the damage is reported and nothing crashes */
    size_t len;
    char *data = pkgfx_read("rpm/rpmdb.sqlite", &len);
    size_t cuts[] = {512, 4096, 8192, len / 2, len - 4096};
    for (size_t i = 0; i < MT_ARRAY_LEN(cuts); i++) {
        parsed r = run(state, pkg_parse_rpm_sqlite, data, cuts[i]);
        assert_true(r.pkgs.len <= 18);
        parsed_free(&r);
    }
    for (size_t pg = 1; pg * 4096 < len; pg += 7) {
        char *copy = malloc(len);
        memcpy(copy, data, len);
        memset(copy + pg * 4096 + 8, 0x5a, 512);
        parsed r = run(state, pkg_parse_rpm_sqlite, copy, len);
        assert_true(r.pkgs.len <= 18);
        parsed_free(&r);
        free(copy);
    }
    free(data);
}

/* ---- Berkeley DB ---- */

static uint32_t rd32(const unsigned char *p, bool be)
{
    return be ? (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3]
              : (uint32_t)p[3] << 24 | (uint32_t)p[2] << 16 | (uint32_t)p[1] << 8 | p[0];
}

static uint16_t rd16(const unsigned char *p, bool be)
{
    return be ? (uint16_t)(p[0] << 8 | p[1]) : (uint16_t)(p[1] << 8 | p[0]);
}

/* File offsets of the value items on overflow pages (H_OFFPAGE) of a
 * little-endian hash file, in page order, and their keys. */
static size_t offpage_items(const unsigned char *d, size_t len, size_t *at, uint32_t *keys,
                            size_t max)
{
    uint32_t ps = rd32(d + 20, false);
    size_t n = 0;
    for (size_t pg = 1; (pg + 1) * ps <= len; pg++) {
        const unsigned char *p = d + pg * ps;
        if (p[25] != 13)
            continue;
        uint16_t items = rd16(p + 20, false);
        for (uint16_t i = 0; i + 1 < items && n < max; i += 2) {
            uint16_t koff = rd16(p + 26 + 2 * i, false), voff = rd16(p + 28 + 2 * i, false);
            if (p[voff] != 3)
                continue;
            keys[n] = rd32(p + koff + 1, false);
            at[n++] = pg * ps + voff;
        }
    }
    return n;
}

static void test_bdb_overflow_damage(void **state)
{
    size_t len;
    char *data = pkgfx_read("rpm/Packages", &len);
    unsigned char *d = (unsigned char *)data;
    size_t at[64];
    uint32_t keys[64];
    size_t n = offpage_items(d, len, at, keys, 64);
    assert_int_equal(n, 19); /* 18 packages and the gpg-pubkey */
    /* keep the packages' items: the gpg-pubkey, imported last, is 19 */
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (keys[i] != 19) {
            at[k] = at[i];
            keys[k++] = keys[i];
        }
    }
    assert_int_equal(k, 18);
    uint32_t ps = rd32(d + 20, false);

    /* the first value's overflow page is made a free page: that package is
     * reported under its number, the others are read */
    char *copy = malloc(len);
    memcpy(copy, data, len);
    uint32_t first_pg = rd32(d + at[0] + 4, false);
    copy[(size_t)first_pg * ps + 25] = 0;
    parsed r = run(state, pkg_parse_rpm_bdb, copy, len);
    assert_int_equal(r.pkgs.len, 17);
    assert_int_equal(r.errs.len, 1);
    assert_int_equal(err_at(&r, 0)->line, (int)keys[0]);
    assert_non_null(strstr(err_at(&r, 0)->message, "not an overflow page"));
    parsed_free(&r);

    /* the second value points at the first one's chain: one of them is
     * refused ("already used"), which bounds the work by the file size */
    memcpy(copy, data, len);
    memcpy(copy + at[1] + 4, d + at[0] + 4, 8);
    r = run(state, pkg_parse_rpm_bdb, copy, len);
    assert_true(has_err(&r, "already used"));
    assert_int_equal(r.errs.len, 1);
    parsed_free(&r);

    /* a chain pointing past the file, and a length of zero */
    memcpy(copy, data, len);
    copy[at[2] + 4] = (char)0xff;
    copy[at[2] + 5] = (char)0xff;
    copy[at[3] + 8] = copy[at[3] + 9] = copy[at[3] + 10] = copy[at[3] + 11] = 0;
    r = run(state, pkg_parse_rpm_bdb, copy, len);
    assert_true(has_err(&r, "leaves the file"));
    assert_true(has_err(&r, "empty overflow value"));
    assert_int_equal(r.errs.len, 2);
    parsed_free(&r);
    free(copy);
    free(data);
}

static void test_bdb_truncated_and_bad_meta(void **state)
{
    size_t len;
    char *data = pkgfx_read("rpm/Packages", &len);
    /* half the pages: reported, what is whole still listed */
    parsed r = run(state, pkg_parse_rpm_bdb, data, len / 2);
    assert_true(has_err(&r, "truncated"));
    assert_true(r.pkgs.len < 18);
    parsed_free(&r);
    /* meta page alone */
    r = run(state, pkg_parse_rpm_bdb, data, 4096);
    assert_int_equal(r.pkgs.len, 0);
    parsed_free(&r);

    char *copy = malloc(len);
    static const struct {
        size_t off;
        unsigned char v;
        const char *word;
    } bad[] = {
        {12, 0x62, "not a Berkeley DB hash"}, /* btree magic 0x053162 */
        {16, 7, "hash version"},
        {20, 0x01, "page size"}, /* 4097 */
        {24, 1, "encrypted"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(bad); i++) {
        memcpy(copy, data, len);
        copy[bad[i].off] = (char)bad[i].v;
        if (bad[i].off == 12)
            copy[13] = 0x31, copy[14] = 0x05;
        r = run(state, pkg_parse_rpm_bdb, copy, len);
        assert_int_equal(r.pkgs.len, 0);
        assert_int_equal(r.errs.len, 1);
        assert_int_equal(err_at(&r, 0)->line, 0);
        assert_non_null(strstr(err_at(&r, 0)->message, bad[i].word));
        parsed_free(&r);
    }
    /* a hash page whose item offsets are disordered: that page is
     * reported, the other bucket's packages are still read */
    memcpy(copy, data, len);
    unsigned char *p1 = (unsigned char *)copy + 4096;
    assert_int_equal(p1[25], 13);
    p1[26] = 0x01, p1[27] = 0x00; /* first key offset: 1 */
    r = run(state, pkg_parse_rpm_bdb, copy, len);
    assert_true(has_err(&r, "out of order"));
    assert_true(r.pkgs.len > 0 && r.pkgs.len < 18);
    parsed_free(&r);
    free(copy);
    free(data);
}

/* ---- ndb ---- */

static void wr32le(char *p, uint32_t v)
{
    p[0] = (char)v;
    p[1] = (char)(v >> 8);
    p[2] = (char)(v >> 16);
    p[3] = (char)(v >> 24);
}

static void test_ndb_damage(void **state)
{
    size_t len;
    char *data = pkgfx_read("rpm/Packages.db", &len);
    const unsigned char *d = (const unsigned char *)data;
    char *copy = malloc(len);
    /* slot k (k >= 2 counts the 32-byte file header as two slots) */
#define SLOT(k) (copy + 16 * (k))
    uint32_t pkgidx = rd32(d + 16 * 3 + 4, false);
    uint32_t blkoff = rd32(d + 16 * 3 + 8, false);
    uint32_t blkcnt = rd32(d + 16 * 3 + 12, false);
    static const struct {
        int what;
        const char *word;
    } cases[] = {
        {0, "bad magic"},    {1, "bad entry"},     {2, "past the end"}, {3, "bad blob head"},
        {4, "bad blob tail"}, {5, "does not match"}, {6, "header"},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        memcpy(copy, data, len);
        char *b = copy + (size_t)blkoff * 16;
        switch (cases[i].what) {
        case 0: wr32le(SLOT(3), 0x12345678); break;
        case 1: wr32le(SLOT(3) + 4, 0); break;
        case 2: wr32le(SLOT(3) + 12, (uint32_t)(len / 16)); break;
        case 3: b[0] = 'X'; break;
        case 4: b[(size_t)blkcnt * 16 - 1] = 'X'; break;
        case 5: wr32le(b + 12, rd32((unsigned char *)b + 12, false) + 64); break;
        case 6: b[16] = 0x7f; break; /* the header's index count */
        }
        parsed r = run(state, pkg_parse_rpm_ndb, copy, len);
        if (!has_err(&r, cases[i].word))
            print_errs(&r);
        assert_true(has_err(&r, cases[i].word));
        assert_int_equal(r.errs.len, 1);
        /* the slot's package index is the line, but for the bad slot magic */
        assert_int_equal(err_at(&r, 0)->line, cases[i].what <= 1 ? 0 : (int)pkgidx);
        assert_true(r.pkgs.len >= 17);
        parsed_free(&r);
    }
#undef SLOT
    /* truncated: the packages whose blobs are cut are reported */
    parsed r = run(state, pkg_parse_rpm_ndb, data, len - 100);
    assert_int_equal(r.errs.len, 1);
    assert_true(has_err(&r, "past the end"));
    parsed_free(&r);
    /* bad file header fields */
    memcpy(copy, data, len);
    wr32le(copy + 4, 1);
    r = run(state, pkg_parse_rpm_ndb, copy, len);
    assert_true(has_err(&r, "version"));
    parsed_free(&r);
    memcpy(copy, data, len);
    wr32le(copy + 12, 1000);
    r = run(state, pkg_parse_rpm_ndb, copy, len);
    assert_true(has_err(&r, "slot page count"));
    parsed_free(&r);
    r = run(state, pkg_parse_rpm_ndb, "RpmP", 4);
    assert_true(has_err(&r, "not an rpm ndb"));
    parsed_free(&r);
    free(copy);
    free(data);
}

static void test_ndb_overlapping_blobs(void **state)
{
    /* a second slot naming the first one's blob: refused, so that no byte
     * is decoded twice (the package the second slot had is lost) */
    size_t len;
    char *data = pkgfx_read("rpm/Packages.db", &len);
    memcpy(data + 16 * 4, data + 16 * 3, 16);
    parsed r = run(state, pkg_parse_rpm_ndb, data, len);
    assert_int_equal(r.pkgs.len, 17);
    assert_int_equal(r.errs.len, 1);
    assert_true(has_err(&r, "overlaps"));
    assert_true(has_err(&r, "(slot 4)"));
    parsed_free(&r);
    free(data);
}

static void test_ndb_error_cap(void **state)
{
    /* five slot pages of slots without a package index: 1278 errors, of
     * which 1000 are kept and one more says the rest were dropped */
    size_t len = 5 * 4096;
    char *d = calloc(len, 1);
    memcpy(d, "RpmP", 4);
    wr32le(d + 12, 5);
    for (size_t o = 32; o < len; o += 16) {
        memcpy(d + o, "Slot", 4);
        wr32le(d + o + 8, 1000); /* used, pkgidx 0: bad */
        wr32le(d + o + 12, 1);
    }
    parsed r = run(state, pkg_parse_rpm_ndb, d, len);
    assert_int_equal(r.pkgs.len, 0);
    assert_int_equal(r.errs.len, 1001);
    assert_non_null(strstr(err_at(&r, 1000)->message, "too many errors"));
    parsed_free(&r);
    free(d);
}

/* ---- all three ---- */

static void test_errs_null_and_append(void **state)
{
    static const char *const files[] = {"rpm/rpmdb.sqlite", "rpm/Packages", "rpm/Packages.db"};
    static const parser_fn fns[] = {pkg_parse_rpm_sqlite, pkg_parse_rpm_bdb, pkg_parse_rpm_ndb};
    for (size_t k = 0; k < 3; k++) {
        size_t len;
        char *data = pkgfx_read(files[k], &len);
        mt_vec out = {0};
        assert_int_equal(fns[k](*state, data, len, NULL, &out, NULL), 18);
        assert_int_equal(fns[k](*state, data, len, NULL, &out, NULL), 18);
        assert_int_equal(out.len, 36);
        assert_null(((mt_pkg *)out.items[0])->db_path);
        /* each format refuses the others' files */
        for (size_t j = 0; j < 3; j++) {
            if (j == k)
                continue;
            mt_vec errs = {0};
            assert_int_equal(fns[j](*state, data, len, NULL, &out, &errs), 0);
            assert_int_equal(errs.len, 1);
            mt_vec_free(&errs);
        }
        assert_int_equal(fns[k](*state, "", 0, NULL, &out, NULL), 0);
        assert_int_equal(fns[k](*state, NULL, 0, NULL, &out, NULL), 0);
        mt_vec_free(&out);
        free(data);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_sqlite_matches_rpm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ndb_matches_rpm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bdb_matches_rpm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bdb_big_endian_matches_rpm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bdb_checksummed_pages, setup, teardown),
        cmocka_unit_test_setup_teardown(test_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_wal_file_left_untouched, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_fields, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_sourcerpm_forms, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_gpg_pubkey_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_malformed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_header_every_truncation, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_bad_records, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_not_rpm, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_hostile_schema, setup, teardown),
        cmocka_unit_test_setup_teardown(test_sqlite_damaged, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bdb_overflow_damage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_bdb_truncated_and_bad_meta, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ndb_damage, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ndb_overlapping_blobs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ndb_error_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_errs_null_and_append, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
