/* test_pkg_gobin.c — unit tests of the Go build-information reader
 * (pkg/gobin.h).
 *
 * Ground truth is `go version -m` of Debian's Go toolchain, recorded in
 * tests/pkg/gobin (see its README.md and record.sh):
 *  - the Go binaries of the skopeo and umoci Debian packages, read from
 *    /usr/bin at test time; the recorded package versions are compared
 *    with the installed ones first (dpkg status, read with moat's own
 *    parser), and the toolchain version also with the golang-1.x package
 *    of their Built-Using field;
 *  - small executables: two real module-mode builds cut down to their
 *    .go.buildinfo section, and synthetic files of the pre-1.18 pointer
 *    layout (ELF 32-bit big-endian with sections, ELF 64-bit little-endian
 *    without, PE32+, Mach-O) and of the inline layout (ELF 64-bit
 *    big-endian without sections);
 * for each the Go version, the module text line by line, the packages
 * (name, version, h1: sum) and the counts are compared. Then synthetic
 * cases built here: module-text lines, replacements, build-setting
 * quoting, stdlib versions, malformed headers and lengths, and every
 * fixture with each byte changed and cut at each length (run under ASan
 * by the sanitizer build). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "pkg/gobin.h"
#include "pkg/pkg.h"
#include "pkg/pkg_internal.h"

#include "arena_fixture.h"
#include "../pkg/fixture.h"

static const char *const small_fixtures[] = {
    "app-min.bin",      "app-mips-min.bin", "inline-elf64be-stripped.bin",
    "old-elf32be.bin",  "old-elf64le-stripped.bin", "old-pe64.bin",
    "old-macho32.bin",
};

typedef struct {
    mt_vec pkgs;
    mt_vec errs;
} parsed;

static void parsed_free(parsed *r)
{
    mt_vec_free(&r->pkgs);
    mt_vec_free(&r->errs);
}

static void print_errs(const mt_vec *errs)
{
    for (size_t i = 0; i < errs->len; i++)
        fprintf(stderr, "  error: %s\n", ((mt_pkg_error *)errs->items[i])->message);
}

static bool errs_mention(const mt_vec *errs, const char *needle)
{
    for (size_t i = 0; i < errs->len; i++) {
        if (strstr(((mt_pkg_error *)errs->items[i])->message, needle))
            return true;
    }
    return false;
}

static char *pkg_line(mt_arena *a, const mt_pkg *p)
{
    return mt_arena_printf(a, "%s\t%s\t%s", p->name, p->version, p->checksum ? p->checksum : "");
}

/* ---- `go version -m` text ---- */

/* What a recorded `go version -m FILE` says. */
typedef struct {
    char *go_version; /* after "FILE: " on the first line */
    mt_vec lines;     /* the module-text lines, tab prefix removed, empty ones dropped */
    mt_vec pkgs;      /* "name\tversion\tsum" expected, in order */
    char *path;       /* the path line, NULL when none */
    bool has_main;
    size_t ndeps, nbuild;
} version_m;

static bool is_dir_path(const char *p)
{
    return p[0] == '.' || p[0] == '/' || p[0] == '\\' || (p[0] && p[1] == ':');
}

/* Splits s at tabs into arena strings (at most 4 fields). */
static size_t fields(mt_arena *a, const char *s, char **f)
{
    size_t k = 0;
    while (k < 4) {
        const char *t = strchr(s, '\t');
        size_t n = t ? (size_t)(t - s) : strlen(s);
        f[k++] = mt_arena_strndup(a, s, n);
        if (!t)
            break;
        s = t + 1;
    }
    return k;
}

/* The packages follow the rules of gobin.c: stdlib "v" + version up to a
 * blank; mod and dep as recorded, a replacement by a module replaces path,
 * version and sum, one by a directory keeps the path; "" -> "(devel)". */
static version_m read_version_m(mt_arena *a, const char *text, size_t len)
{
    version_m v;
    memset(&v, 0, sizeof(v));
    size_t i = 0;
    bool first = true;
    char *pending = NULL; /* the dep or mod line waiting for a possible "=>" */
    char *f[4], *pf[4] = {0};
    size_t pk = 0;
    while (i < len) {
        const char *nl = memchr(text + i, '\n', len - i);
        size_t n = nl ? (size_t)(nl - text) - i : len - i;
        char *line = mt_arena_strndup(a, text + i, n);
        i += n + 1;
        if (first) {
            char *colon = strstr(line, ": ");
            assert_non_null(colon);
            v.go_version = colon + 2;
            char *blank = strchr(v.go_version, ' ');
            size_t vn = blank ? (size_t)(blank - v.go_version) : strlen(v.go_version);
            mt_vec_push(&v.pkgs, mt_arena_printf(a, "stdlib\tv%.*s\t", (int)vn - 2,
                                                 v.go_version + 2));
            first = false;
            continue;
        }
        assert_true(line[0] == '\t');
        line++;
        if (!*line)
            continue;
        mt_vec_push(&v.lines, line);
        size_t k = fields(a, line, f);
        if (strcmp(f[0], "=>") == 0) {
            assert_non_null(pending);
            assert_int_equal(k, 4);
            if (is_dir_path(f[1]))
                mt_vec_push(&v.pkgs, mt_arena_printf(a, "%s\t%s\t", pf[1],
                                                     *f[2] ? f[2] : "(devel)"));
            else
                mt_vec_push(&v.pkgs, mt_arena_printf(a, "%s\t%s\t%s", f[1], f[2], f[3]));
            pending = NULL;
            continue;
        }
        if (pending)
            mt_vec_push(&v.pkgs, mt_arena_printf(a, "%s\t%s\t%s", pf[1],
                                                 *pf[2] ? pf[2] : "(devel)",
                                                 pk > 3 ? pf[3] : ""));
        pending = NULL;
        if (strcmp(f[0], "mod") == 0 || strcmp(f[0], "dep") == 0) {
            pending = line;
            memcpy(pf, f, sizeof(pf));
            pk = k;
            v.has_main |= f[0][0] == 'm';
            v.ndeps += f[0][0] == 'd';
        } else if (strcmp(f[0], "path") == 0) {
            v.path = f[1];
        } else if (strcmp(f[0], "build") == 0) {
            v.nbuild++;
        }
    }
    if (pending)
        mt_vec_push(&v.pkgs, mt_arena_printf(a, "%s\t%s\t%s", pf[1], *pf[2] ? pf[2] : "(devel)",
                                             pk > 3 ? pf[3] : ""));
    assert_false(first);
    return v;
}

static void version_m_free(version_m *v)
{
    mt_vec_free(&v->lines);
    mt_vec_free(&v->pkgs);
}

/* Compares what moat reads from an executable with a recorded
 * `go version -m`; name is for messages. */
static void check_against(void **state, const char *name, const char *data, size_t len,
                          const char *expected, size_t elen)
{
    mt_arena *a = *state;
    version_m want = read_version_m(a, expected, elen);

    assert_true(pkg_gobin_sniff(data, len));
    pkg_gobin_info info;
    mt_vec errs = {0};
    int rc = pkg_gobin_read(a, data, len, &info, &errs);
    print_errs(&errs);
    assert_int_equal(rc, 0);
    assert_int_equal(errs.len, 0);
    assert_string_equal(info.go_version, want.go_version);
    assert_int_equal(strlen(info.modinfo), info.modinfo_len);

    /* the module text, line by line (go version -m prints it re-serialised
     * and adds empty lines after replacements, so those are dropped) */
    mt_vec got_lines = {0};
    pkg_lines it;
    const char *s;
    size_t n;
    pkg_lines_init(&it, info.modinfo, info.modinfo_len);
    while (pkg_lines_next(&it, &s, &n)) {
        if (n)
            mt_vec_push(&got_lines, mt_arena_strndup(a, s, n));
    }
    for (size_t i = 0; i < got_lines.len && i < want.lines.len; i++)
        assert_string_equal(got_lines.items[i], want.lines.items[i]);
    assert_int_equal(got_lines.len, want.lines.len);

    if (want.path)
        assert_string_equal(info.path, want.path);
    else
        assert_null(info.path);
    assert_int_equal(info.main != NULL, want.has_main);
    assert_int_equal(info.ndeps, want.ndeps);
    assert_int_equal(info.nsettings, want.nbuild);

    /* the packages: every module with path, version and sum */
    parsed r = {0};
    size_t added = pkg_parse_go_binary(a, data, len, "usr/bin/x", &r.pkgs, &r.errs);
    assert_int_equal(added, r.pkgs.len);
    assert_int_equal(r.errs.len, 0);
    for (size_t i = 0; i < r.pkgs.len && i < want.pkgs.len; i++) {
        mt_pkg *p = r.pkgs.items[i];
        assert_string_equal(p->type, "golang");
        assert_string_equal(p->db_path, "usr/bin/x");
        assert_int_equal(p->layer, -1);
        assert_string_equal(p->source_name, p->name);
        assert_string_equal(p->source_version, p->version);
        assert_string_equal(pkg_line(a, p), want.pkgs.items[i]);
    }
    if (r.pkgs.len != want.pkgs.len)
        fail_msg("%s: %zu packages read, %zu expected", name, r.pkgs.len, want.pkgs.len);
    parsed_free(&r);
    mt_vec_free(&got_lines);
    mt_vec_free(&errs);
    version_m_free(&want);
}

/* ---- the Debian Go binaries ---- */

static const mt_pkg *find_pkg(const mt_vec *v, const char *name)
{
    for (size_t i = 0; i < v->len; i++) {
        const mt_pkg *p = v->items[i];
        if (strcmp(p->name, name) == 0)
            return p;
    }
    return NULL;
}

static void check_debian_binary(void **state, const char *pkg)
{
    mt_arena *a = *state;

    /* the versions the fixture was recorded for */
    size_t dlen;
    char *deb = pkgfx_read("gobin/debian-packages.txt", &dlen);
    mt_vec lines = pkgfx_lines(a, deb, dlen);
    char *f[4] = {0};
    for (size_t i = 0; i < lines.len; i++) {
        char *g[4];
        if (fields(a, lines.items[i], g) == 3 && strcmp(g[0], pkg) == 0)
            memcpy(f, g, sizeof(g));
    }
    if (!f[0])
        fail_msg("tests/pkg/gobin/debian-packages.txt has no line for %s", pkg);

    /* the installed version, read from the dpkg database */
    char *status;
    size_t slen;
    const char *err = NULL;
    if (mt_read_file("/var/lib/dpkg/status", 256u << 20, &status, &slen, &err) != 0)
        fail_msg("cannot read /var/lib/dpkg/status: %s", err);
    mt_vec pkgs = {0};
    pkg_parse_dpkg(a, status, slen, "var/lib/dpkg/status", &pkgs, NULL);
    const mt_pkg *installed = find_pkg(&pkgs, pkg);
    if (!installed)
        fail_msg("the %s Debian package is not installed: run scripts/install-deps.sh", pkg);
    if (strcmp(installed->version, f[1]) != 0)
        fail_msg("/usr/bin/%s now comes from %s %s, but tests/pkg/gobin was recorded for %s %s: "
                 "re-record the fixtures with tests/pkg/gobin/record.sh (needs golang-go)",
                 pkg, pkg, installed->version, pkg, f[1]);

    char *bin;
    size_t blen;
    char *path = mt_arena_printf(a, "/usr/bin/%s", pkg);
    if (mt_read_file(path, 512u << 20, &bin, &blen, &err) != 0)
        fail_msg("cannot read %s: %s", path, err);
    size_t elen;
    char *expected = pkgfx_read(mt_arena_printf(a, "gobin/%s.go-version-m", pkg), &elen);
    check_against(state, path, bin, blen, expected, elen);

    /* a second, independent source: "golang-1.19 (= 1.19.8-2)" in Built-Using */
    const char *eq = strstr(f[2], "(= ");
    assert_non_null(eq);
    size_t un = strcspn(eq + 3, "-)");
    pkg_gobin_info info;
    assert_int_equal(pkg_gobin_read(a, bin, blen, &info, NULL), 0);
    assert_string_equal(info.go_version, mt_arena_printf(a, "go%.*s", (int)un, eq + 3));
    /* Debian builds in GOPATH mode: a package path, no module */
    assert_null(info.main);
    assert_int_equal(info.ndeps, 0);
    assert_string_equal(info.container, "elf");
    assert_true(info.inline_strings);
    assert_int_equal(info.ptr_size, 8);
    mt_vec out = {0};
    assert_int_equal(pkg_parse_go_binary(a, bin, blen, path, &out, NULL), 1);
    mt_pkg *p = out.items[0];
    assert_string_equal(p->name, "stdlib");
    assert_string_equal(p->version, mt_arena_printf(a, "v%.*s", (int)un, eq + 3));
    assert_null(p->checksum);
    pkg_purl(a, p, NULL);
    assert_string_equal(p->purl, mt_arena_printf(a, "pkg:golang/stdlib@v%.*s", (int)un, eq + 3));

    mt_vec_free(&out);
    mt_vec_free(&pkgs);
    mt_vec_free(&lines);
    free(status);
    free(bin);
    free(expected);
    free(deb);
}

static void test_debian_skopeo(void **state)
{
    check_debian_binary(state, "skopeo");
}

static void test_debian_umoci(void **state)
{
    check_debian_binary(state, "umoci");
}

/* ---- the small executables ---- */

static void test_small_fixtures(void **state)
{
    mt_arena *a = *state;
    for (size_t i = 0; i < MT_ARRAY_LEN(small_fixtures); i++) {
        const char *name = small_fixtures[i];
        fprintf(stderr, "  %s\n", name);
        size_t len, elen;
        char *data = pkgfx_read(mt_arena_printf(a, "gobin/%s", name), &len);
        char *exp = pkgfx_read(mt_arena_printf(a, "gobin/%s.go-version-m", name), &elen);
        check_against(state, name, data, len, exp, elen);
        free(data);
        free(exp);
    }
}

/* What the layouts are, and the packages of the real module-mode build. */
static void test_fixture_details(void **state)
{
    mt_arena *a = *state;
    static const struct {
        const char *name, *container;
        int ptr_size;
        bool big_endian, inline_strings;
    } want[] = {
        {"app-min.bin", "elf", 8, false, true},
        {"app-mips-min.bin", "elf", 4, false, true},
        {"inline-elf64be-stripped.bin", "elf", 8, false, true},
        {"old-elf32be.bin", "elf", 4, true, false},
        {"old-elf64le-stripped.bin", "elf", 8, false, false},
        {"old-pe64.bin", "pe", 8, false, false},
        {"old-macho32.bin", "macho", 4, false, false},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(want); i++) {
        size_t len;
        char *data = pkgfx_read(mt_arena_printf(a, "gobin/%s", want[i].name), &len);
        pkg_gobin_info info;
        assert_int_equal(pkg_gobin_read(a, data, len, &info, NULL), 0);
        assert_string_equal(info.container, want[i].container);
        assert_int_equal(info.ptr_size, want[i].ptr_size);
        assert_int_equal(info.big_endian, want[i].big_endian);
        assert_int_equal(info.inline_strings, want[i].inline_strings);
        assert_int_equal(info.offset % 16, 0);
        free(data);
    }

    /* go1.19.8 module build: a plain dependency, one replaced by another
     * module, one replaced by a local directory */
    size_t len;
    char *data = pkgfx_read("gobin/app-min.bin", &len);
    parsed r = {0};
    assert_int_equal(pkg_parse_go_binary(a, data, len, "app", &r.pkgs, &r.errs), 5);
    static const char *const lines[] = {
        "stdlib\tv1.19.8\t",
        "example.com/app\t(devel)\t",
        "example.com/greet\tv1.2.3\th1:WkiiIOTuFidvNwLYh0FoCYbjFtqj1X7RM2ehbtAG2cM=",
        "example.com/local\t(devel)\t",
        "example.com/new\tv1.1.0\th1:CoQsYiDLgPlXe1V7nbHv6FAdr/DN6ofZHBB6UrZre38=",
    };
    for (size_t i = 0; i < 5; i++)
        assert_string_equal(pkg_line(a, r.pkgs.items[i]), lines[i]);
    static const char *const purls[] = {
        "pkg:golang/stdlib@v1.19.8",
        "pkg:golang/example.com/app@%28devel%29",
        "pkg:golang/example.com/greet@v1.2.3",
        "pkg:golang/example.com/local@%28devel%29",
        "pkg:golang/example.com/new@v1.1.0",
    };
    for (size_t i = 0; i < 5; i++) {
        pkg_purl(a, r.pkgs.items[i], NULL);
        assert_string_equal(((mt_pkg *)r.pkgs.items[i])->purl, purls[i]);
    }
    pkg_gobin_info info;
    assert_int_equal(pkg_gobin_read(a, data, len, &info, NULL), 0);
    assert_string_equal(info.path, "example.com/app");
    assert_int_equal(info.ndeps, 3);
    assert_string_equal(info.deps[1]->path, "example.com/local");
    assert_non_null(info.deps[1]->replace);
    assert_string_equal(info.deps[1]->replace->path, "./local");
    assert_string_equal(info.deps[1]->replace->version, "(devel)");
    assert_int_equal(info.nsettings, 6);
    assert_string_equal(info.settings[0].key, "-compiler");
    assert_string_equal(info.settings[0].value, "gc");
    assert_string_equal(info.settings[5].key, "GOAMD64");
    assert_string_equal(info.settings[5].value, "v1");
    parsed_free(&r);
    free(data);

    /* the GOEXPERIMENT toolchain and the quoted build settings */
    data = pkgfx_read("gobin/inline-elf64be-stripped.bin", &len);
    assert_int_equal(pkg_gobin_read(a, data, len, &info, NULL), 0);
    assert_string_equal(info.go_version, "go1.21.0 X:boringcrypto");
    assert_string_equal(info.settings[2].key, "-ldflags");
    assert_string_equal(info.settings[2].value, "-s -w -X main.version=1.2.3");
    assert_string_equal(info.settings[3].key, "key with space");
    assert_string_equal(info.settings[3].value, "tab\there \"quoted\" \xc3\xa9");
    memset(&r, 0, sizeof(r));
    pkg_parse_go_binary(a, data, len, "svc", &r.pkgs, NULL);
    assert_string_equal(pkg_line(a, r.pkgs.items[0]), "stdlib\tv1.21.0\t");
    parsed_free(&r);
    free(data);
}

/* ---- synthetic executables built here ---- */

static void put_uvarint(mt_buf *b, uint64_t v)
{
    while (v >= 0x80) {
        mt_buf_putc(b, (char)(v | 0x80));
        v >>= 7;
    }
    mt_buf_putc(b, (char)v);
}

static void put_le(unsigned char *p, uint64_t v, int n)
{
    for (int i = 0; i < n; i++)
        p[i] = (unsigned char)(v >> (8 * i));
}

#define SENT_START "\x30\x77\xaf\x0c\x92\x74\x08\x02\x41\xe1\xc1\x07\xe6\xd6\x18\xe6"
#define SENT_END "\xf9\x32\x43\x31\x86\x18\x20\x72\x00\x82\x42\x10\x41\x16\xd8\xf2"

/* An inline-layout blob: header, version, module text framed by the
 * sentinels (raw = true: modinfo is written as given). */
static void inline_blob(mt_buf *b, const char *version, const char *modinfo, size_t mlen,
                        bool raw)
{
    mt_buf_put(b, "\xff Go buildinf:\x08\x02", 16);
    mt_buf_put(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    put_uvarint(b, strlen(version));
    mt_buf_puts(b, version);
    if (raw) {
        put_uvarint(b, mlen);
        mt_buf_put(b, modinfo, mlen);
    } else {
        put_uvarint(b, mlen + 32);
        mt_buf_put(b, SENT_START, 16);
        mt_buf_put(b, modinfo, mlen);
        mt_buf_put(b, SENT_END, 16);
    }
    mt_buf_put(b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
}

/* An ELF64 little-endian executable: one writable PT_LOAD mapping the
 * whole file at 0x400000, no section headers, blob at offset 0x80. */
static void make_elf(mt_buf *out, const char *blob, size_t n)
{
    unsigned char h[0x80];
    memset(h, 0, sizeof(h));
    memcpy(h, "\x7f" "ELF\x02\x01\x01", 7);
    put_le(h + 16, 2, 2);    /* ET_EXEC */
    put_le(h + 18, 62, 2);   /* x86-64 */
    put_le(h + 20, 1, 4);
    put_le(h + 32, 64, 8);   /* e_phoff */
    put_le(h + 52, 64, 2);   /* e_ehsize */
    put_le(h + 54, 56, 2);   /* e_phentsize */
    put_le(h + 56, 1, 2);    /* e_phnum */
    put_le(h + 58, 64, 2);   /* e_shentsize */
    unsigned char *ph = h + 64;
    put_le(ph, 1, 4);        /* PT_LOAD */
    put_le(ph + 4, 6, 4);    /* R|W */
    put_le(ph + 16, 0x400000, 8);
    put_le(ph + 32, sizeof(h) + n, 8);
    put_le(ph + 40, sizeof(h) + n, 8);
    mt_buf_clear(out);
    mt_buf_put(out, (const char *)h, sizeof(h));
    mt_buf_put(out, blob, n);
}

typedef struct {
    pkg_gobin_info info;
    int rc;
    parsed r;
} run_result;

static run_result run_blob(void **state, const mt_buf *blob)
{
    run_result res;
    memset(&res, 0, sizeof(res));
    mt_buf elf;
    mt_buf_init(&elf);
    make_elf(&elf, blob->data, blob->len);
    mt_vec errs = {0};
    res.rc = pkg_gobin_read(*state, elf.data, elf.len, &res.info, &errs);
    size_t n = pkg_parse_go_binary(*state, elf.data, elf.len, "bin", &res.r.pkgs, &res.r.errs);
    assert_int_equal(n, res.r.pkgs.len);
    assert_int_equal(errs.len, res.r.errs.len);
    assert_int_equal(pkg_gobin_sniff(elf.data, elf.len), res.rc == 0);
    mt_vec_free(&errs);
    mt_buf_free(&elf);
    return res;
}

static run_result run_modinfo(void **state, const char *version, const char *modinfo)
{
    mt_buf b;
    mt_buf_init(&b);
    inline_blob(&b, version, modinfo, strlen(modinfo), false);
    run_result res = run_blob(state, &b);
    mt_buf_free(&b);
    return res;
}

static void test_modinfo_lines(void **state)
{
    mt_arena *a = *state;
    run_result res = run_modinfo(
        state, "go1.20.3",
        "go\tgo1.20.3\n"                                         /* 1: ignored */
        "path\texample.com/x/cmd/x\n"                            /* 2 */
        "mod\texample.com/x\tv1.0.0\th1:main=\n"                 /* 3 */
        "dep\ta.example/plain\tv0.1.0\th1:plain=\n"              /* 4 */
        "dep\ta.example/nosum\tv0.2.0\n"                         /* 5: 2 columns */
        "dep\ta.example/repl\tv1.0.0\n"                          /* 6 */
        "=>\tb.example/fork\tv1.0.1\th1:fork=\n"                  /* 7 */
        "\n"                                                     /* 8: empty */
        "dep\ta.example/local\tv1.0.0\n"                         /* 9 */
        "=>\t../local\t\t\n"                                     /* 10 */
        "dep\ta.example/win\tv1.0.0\n"                           /* 11 */
        "=>\tC:\\src\\win\t(devel)\t\n"                          /* 12 */
        "=>\tstray\tv1\th1:x=\n"                                 /* 13: error, no module */
        "dep\t\t(devel)\t\n"                                     /* 14: empty path, skipped */
        "dep\ta.example/nover\t\t\n"                             /* 15: -> (devel) */
        "dep\ta.example/four\tv1\th1:x=\textra\n"                /* 16: error, 4 columns */
        "dep\ta.example/one\n"                                   /* 17: error, 1 column */
        "=>\tafter/bad\tv1\th1:y=\n"                             /* 18: dropped silently */
        "=>\tonly/two\tv1\n"                                     /* 19: error, no module */
        "future\tsomething new\n"                                /* 20: ignored */
        "dep\ta.example/last\tv9.9.9\th1:last=\n");              /* 21 */
    print_errs(&res.r.errs);
    assert_int_equal(res.rc, 0);
    static const char *const want[] = {
        "stdlib\tv1.20.3\t",
        "example.com/x\tv1.0.0\th1:main=",
        "a.example/plain\tv0.1.0\th1:plain=",
        "a.example/nosum\tv0.2.0\t",
        "b.example/fork\tv1.0.1\th1:fork=",
        "a.example/local\t(devel)\t",
        "a.example/win\t(devel)\t",
        "a.example/nover\t(devel)\t",
        "a.example/last\tv9.9.9\th1:last=",
    };
    for (size_t i = 0; i < res.r.pkgs.len && i < MT_ARRAY_LEN(want); i++)
        assert_string_equal(pkg_line(a, res.r.pkgs.items[i]), want[i]);
    assert_int_equal(res.r.pkgs.len, MT_ARRAY_LEN(want));
    assert_int_equal(res.r.errs.len, 4);
    assert_true(errs_mention(&res.r.errs, "line 13: replacement without a module"));
    assert_true(errs_mention(&res.r.errs, "line 16: dep line has 4 columns"));
    assert_true(errs_mention(&res.r.errs, "line 17: dep line has 1 columns"));
    assert_true(errs_mention(&res.r.errs, "line 19: replacement without a module"));
    for (size_t i = 0; i < res.r.errs.len; i++)
        assert_int_equal(((mt_pkg_error *)res.r.errs.items[i])->line, 0);
    assert_string_equal(res.info.path, "example.com/x/cmd/x");
    assert_int_equal(res.info.ndeps, 8); /* the rejected lines are not kept */
    assert_string_equal(res.info.deps[5]->path, "");
    parsed_free(&res.r);
}

/* Module paths must be Go module paths (a local replacement excepted),
 * versions and sums have no blanks. */
static void test_module_paths(void **state)
{
    mt_arena *a = *state;
    run_result res = run_modinfo(state, "go1.20.3",
                                 "dep\t/abs\tv1\t\n"                /* 1: error */
                                 "dep\ta//b\tv1\t\n"                /* 2: error */
                                 "dep\ta/\tv1\t\n"                  /* 3: error */
                                 "dep\t.hidden/x\tv1\t\n"           /* 4: error */
                                 "dep\ta/.x\tv1\t\n"                /* 5: error */
                                 "dep\ta\xc3\xa9\tv1\t\n"         /* 6: error */
                                 "dep\ta\tv 1\t\n"                  /* 7: error */
                                 "dep\ta\tv1\th1: x\n"              /* 8: error */
                                 "dep\tGitHub.com/A-b_c~d+e/v2\tv2.0.0+incompatible\t\n"
                                 "dep\tx.example/y\tv1.0.0\n"
                                 "=>\t/abs/dir\t\t\n"               /* a directory */
                                 "dep\tx.example/z\tv1.0.0\n"
                                 "=>\tbad path\tv1\t\n");           /* 13: error */
    print_errs(&res.r.errs);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.r.errs.len, 9);
    for (int line = 1; line <= 8; line++) {
        char needle[32];
        snprintf(needle, sizeof(needle), "line %d: ", line);
        if (!errs_mention(&res.r.errs, needle))
            fail_msg("no error for line %d", line);
    }
    assert_true(errs_mention(&res.r.errs, "line 13: invalid module path 'bad path'"));
    assert_int_equal(res.r.pkgs.len, 4);
    assert_string_equal(pkg_line(a, res.r.pkgs.items[1]),
                        "GitHub.com/A-b_c~d+e/v2\tv2.0.0+incompatible\t");
    assert_string_equal(pkg_line(a, res.r.pkgs.items[2]), "x.example/y\t(devel)\t");
    /* the replacement was rejected: the module is listed as required */
    assert_string_equal(pkg_line(a, res.r.pkgs.items[3]), "x.example/z\tv1.0.0\t");
    for (size_t i = 0; i < res.r.pkgs.len; i++) {
        pkg_purl(a, res.r.pkgs.items[i], NULL);
        assert_non_null(((mt_pkg *)res.r.pkgs.items[i])->purl);
    }
    parsed_free(&res.r);
}

static void test_build_settings(void **state)
{
    run_result res = run_modinfo(
        state, "go1.22.1",
        "path\tp\n"
        "build\t-ldflags=\"-X main.v=1 -s\"\n"                  /* 2 */
        "build\t\"k e y\"=\"\\a\\b\\f\\n\\r\\t\\v\\\\\\\"\"\n"  /* 3 */
        "build\tesc=\"\\x41\\101\\u00e9\\U0001F600\"\n"         /* 4 */
        "build\traw=`a\"b c`\n"                                 /* 5 */
        "build\t`rawkey`=v\n"                                   /* 6 */
        "build\tempty=\n"                                       /* 7 */
        "build\teq=a=b\n"                                       /* 8 */
        "build\tbad=two words\n"                                /* 9: error */
        "build\tnoeq\n"                                         /* 10: error */
        "build\t=v\n"                                           /* 11: error */
        "build\tq=\"\\'\"\n"                                    /* 12: error */
        "build\tq=\"\\u12\"\n"                                  /* 13: error */
        "build\tq=\"\\uD800\"\n"                                /* 14: error */
        "build\tq=\"\\400\"\n"                                  /* 15: error */
        "build\tq=\"a\"b\n"                                     /* 16: error */
        "build\t\"k\"v\n"                                       /* 17: error */
        "build\t\"unterminated=v\n"                             /* 18: error */
        "build\tk y=v\n"                                        /* 19: error */
        "build\t\n");                                           /* 20: error */
    print_errs(&res.r.errs);
    assert_int_equal(res.rc, 0);
    const pkg_gobin_info *in = &res.info;
    assert_int_equal(in->nsettings, 7);
    assert_string_equal(in->settings[0].key, "-ldflags");
    assert_string_equal(in->settings[0].value, "-X main.v=1 -s");
    assert_string_equal(in->settings[1].key, "k e y");
    assert_string_equal(in->settings[1].value, "\a\b\f\n\r\t\v\\\"");
    assert_string_equal(in->settings[2].value, "AA\xc3\xa9\xf0\x9f\x98\x80");
    assert_string_equal(in->settings[3].value, "a\"b c");
    assert_string_equal(in->settings[4].key, "rawkey");
    assert_string_equal(in->settings[5].key, "empty");
    assert_string_equal(in->settings[5].value, "");
    assert_string_equal(in->settings[6].key, "eq");
    assert_string_equal(in->settings[6].value, "a=b");
    assert_int_equal(res.r.errs.len, 12);
    for (int line = 9; line <= 20; line++) {
        char needle[32];
        snprintf(needle, sizeof(needle), "line %d: build line", line);
        if (!errs_mention(&res.r.errs, needle))
            fail_msg("no error for line %d", line);
    }
    /* only stdlib: no module */
    assert_int_equal(res.r.pkgs.len, 1);
    parsed_free(&res.r);
}

static void test_stdlib_version(void **state)
{
    mt_arena *a = *state;
    assert_string_equal(pkg_gobin_stdlib_version(a, "go1.19.8"), "v1.19.8");
    assert_string_equal(pkg_gobin_stdlib_version(a, "go1.20"), "v1.20");
    assert_string_equal(pkg_gobin_stdlib_version(a, "go1.21.0 X:boringcrypto"), "v1.21.0");
    assert_string_equal(pkg_gobin_stdlib_version(a, "go1.16 X:regabi,fieldtrack"), "v1.16");
    assert_string_equal(pkg_gobin_stdlib_version(a, "go1.22rc1"), "v1.22rc1");
    assert_string_equal(pkg_gobin_stdlib_version(a, "devel go1.23-5f35b7a Mon"),
                        "devel go1.23-5f35b7a Mon");
    assert_string_equal(pkg_gobin_stdlib_version(a, "gox"), "gox");
    assert_string_equal(pkg_gobin_stdlib_version(a, ""), "");
    assert_string_equal(pkg_gobin_stdlib_version(a, NULL), "");
}

static void expect_failure(void **state, const mt_buf *blob, const char *needle)
{
    run_result res = run_blob(state, blob);
    print_errs(&res.r.errs);
    assert_int_equal(res.rc, -1);
    assert_int_equal(res.r.pkgs.len, 0);
    assert_true(errs_mention(&res.r.errs, needle));
    parsed_free(&res.r);
}

static void test_malformed_lengths(void **state)
{
    mt_buf b;
    mt_buf_init(&b);

    /* version length past the end of the file */
    mt_buf_put(&b, "\xff Go buildinf:\x08\x02", 16);
    mt_buf_put(&b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    put_uvarint(&b, 5000);
    mt_buf_puts(&b, "go1.20");
    expect_failure(state, &b, "Go version string is too long");

    /* a varint that never ends, and one of 11 bytes */
    mt_buf_clear(&b);
    mt_buf_put(&b, "\xff Go buildinf:\x08\x02", 16);
    mt_buf_put(&b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    mt_buf_put(&b, "\x80\x80\x80", 3);
    expect_failure(state, &b, "bad length of the Go version string");
    mt_buf_clear(&b);
    mt_buf_put(&b, "\xff Go buildinf:\x08\x02", 16);
    mt_buf_put(&b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    mt_buf_put(&b, "\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7f\x01", 11);
    expect_failure(state, &b, "bad length of the Go version string");

    /* module length of 2^63 and of just past the end */
    mt_buf_clear(&b);
    mt_buf_put(&b, "\xff Go buildinf:\x08\x02", 16);
    mt_buf_put(&b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    put_uvarint(&b, 6);
    mt_buf_puts(&b, "go1.20");
    put_uvarint(&b, UINT64_C(1) << 63);
    expect_failure(state, &b, "module information is too long");
    mt_buf_clear(&b);
    inline_blob(&b, "go1.20", "abc", 3, true);
    b.len -= 16 + 1; /* drop the padding and one byte of the text */
    expect_failure(state, &b, "module information is too long");

    /* an empty version, a version with a control character */
    mt_buf_clear(&b);
    inline_blob(&b, "", "", 0, true);
    expect_failure(state, &b, "no Go version");
    mt_buf_clear(&b);
    inline_blob(&b, "go1\n20", "", 0, true);
    expect_failure(state, &b, "control character");

    /* a pointer size of 3 */
    mt_buf_clear(&b);
    inline_blob(&b, "go1.20", "", 0, true);
    b.data[14] = 3;
    expect_failure(state, &b, "invalid pointer size");

    /* old layout whose pointers lead outside the file, or to a string
     * header with a huge length */
    mt_buf_clear(&b);
    mt_buf_put(&b, "\xff Go buildinf:\x08\x00", 16);
    unsigned char ptrs[16];
    put_le(ptrs, 0x7fff0000, 8);
    put_le(ptrs + 8, 0x7fff0010, 8);
    mt_buf_put(&b, (const char *)ptrs, 16);
    expect_failure(state, &b, "string header of the build information is outside");
    mt_buf_clear(&b);
    mt_buf_put(&b, "\xff Go buildinf:\x08\x00", 16);
    put_le(ptrs, 0x400000 + 0x80 + 32, 8); /* right after the header */
    put_le(ptrs + 8, 0x400000 + 0x80 + 32, 8);
    mt_buf_put(&b, (const char *)ptrs, 16);
    put_le(ptrs, 0x400000, 8);
    put_le(ptrs + 8, UINT64_C(0xffffffffffffff00), 8);
    mt_buf_put(&b, (const char *)ptrs, 16);
    expect_failure(state, &b, "string of the build information is too long");
    mt_buf_clear(&b);
    mt_buf_put(&b, "\xff Go buildinf:\x08\x00", 16);
    put_le(ptrs, 0x400000 + 0x80 + 32, 8);
    put_le(ptrs + 8, 0x400000 + 0x80 + 32, 8);
    mt_buf_put(&b, (const char *)ptrs, 16);
    put_le(ptrs, 0x400000 + 0x80 + 40, 8); /* data runs past the end of the file */
    put_le(ptrs + 8, 200, 8);
    mt_buf_put(&b, (const char *)ptrs, 16);
    expect_failure(state, &b, "string of the build information is outside");

    /* the magic off the 16-byte alignment is not a header */
    mt_buf_clear(&b);
    mt_buf_put(&b, "\0\0\0\0\0\0\0\0", 8);
    inline_blob(&b, "go1.20", "", 0, true);
    expect_failure(state, &b, "no build information found");

    /* a module text without its sentinels is reported, the toolchain is
     * still listed */
    mt_buf_clear(&b);
    inline_blob(&b, "go1.20", "path\tx\nmod\tx\tv1\t\n", 17, true);
    run_result res = run_blob(state, &b);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.r.pkgs.len, 1);
    assert_true(errs_mention(&res.r.errs, "lacks its sentinels"));
    assert_string_equal(res.info.modinfo, "");
    parsed_free(&res.r);

    /* a 33-byte text: sentinels around a lone "\n" */
    mt_buf_clear(&b);
    inline_blob(&b, "go1.20", "\n", 1, false);
    res = run_blob(state, &b);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.r.errs.len, 0);
    assert_string_equal(res.info.modinfo, "\n");
    parsed_free(&res.r);

    /* a decoy magic with a bad pointer size before the real header */
    mt_buf_clear(&b);
    mt_buf_put(&b, "\xff Go buildinf:\x05\x02", 16);
    mt_buf_put(&b, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
    inline_blob(&b, "go1.20.1", "path\tp\n", 7, false);
    res = run_blob(state, &b);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.info.offset, 0x80 + 32);
    assert_string_equal(res.info.path, "p");
    parsed_free(&res.r);

    /* too long module fields */
    mt_buf_clear(&b);
    mt_buf_puts(&b, "dep\t");
    for (int i = 0; i < 2000; i++)
        mt_buf_putc(&b, 'a');
    mt_buf_puts(&b, "\tv1\t\n");
    res = run_modinfo(state, "go1.20", b.data);
    assert_int_equal(res.rc, 0);
    assert_int_equal(res.r.pkgs.len, 1);
    assert_true(errs_mention(&res.r.errs, "too long"));
    parsed_free(&res.r);
    mt_buf_free(&b);
}

/* Containers: what is not an executable, broken ELF headers (the inline
 * layout is then still found by scanning the file), PE and Mach-O magic
 * without the rest. */
static void test_containers(void **state)
{
    mt_arena *a = *state;
    mt_vec errs = {0};
    pkg_gobin_info info;
    assert_int_equal(pkg_gobin_read(a, "#!/bin/sh\n", 10, &info, &errs), -1);
    assert_true(errs_mention(&errs, "not an executable"));
    assert_false(pkg_gobin_sniff("#!/bin/sh\n", 10));
    assert_false(pkg_gobin_sniff(NULL, 0));
    assert_false(pkg_gobin_sniff("\x7f" "ELF", 4));
    assert_false(pkg_gobin_sniff("MZ", 2));
    assert_false(pkg_gobin_sniff("\xce\xfa\xed\xfe", 4));
    mt_vec_free(&errs);

    /* program headers that lie outside the file */
    mt_buf blob, elf;
    mt_buf_init(&blob);
    mt_buf_init(&elf);
    inline_blob(&blob, "go1.20.2", "path\tp\n", 7, false);
    make_elf(&elf, blob.data, blob.len);
    put_le((unsigned char *)elf.data + 32, 0xffffff00, 8);
    assert_true(pkg_gobin_sniff(elf.data, elf.len));
    assert_int_equal(pkg_gobin_read(a, elf.data, elf.len, &info, &errs), 0);
    assert_true(errs_mention(&errs, "program headers lie outside"));
    assert_string_equal(info.go_version, "go1.20.2");
    mt_vec_free(&errs);

    /* section headers outside the file; too small entries */
    make_elf(&elf, blob.data, blob.len);
    put_le((unsigned char *)elf.data + 40, 0x10000, 8);
    put_le((unsigned char *)elf.data + 60, 3, 2);
    assert_int_equal(pkg_gobin_read(a, elf.data, elf.len, &info, &errs), 0);
    assert_true(errs_mention(&errs, "section headers lie outside"));
    mt_vec_free(&errs);
    make_elf(&elf, blob.data, blob.len);
    put_le((unsigned char *)elf.data + 54, 8, 2);
    assert_int_equal(pkg_gobin_read(a, elf.data, elf.len, &info, &errs), 0);
    assert_true(errs_mention(&errs, "entries are too small"));
    mt_vec_free(&errs);

    /* a truncated ELF header, an unknown class */
    make_elf(&elf, blob.data, blob.len);
    assert_int_equal(pkg_gobin_read(a, elf.data, 40, &info, &errs), -1);
    assert_true(errs_mention(&errs, "truncated ELF header"));
    mt_vec_free(&errs);
    elf.data[4] = 7;
    assert_int_equal(pkg_gobin_read(a, elf.data, elf.len, &info, &errs), 0);
    assert_true(errs_mention(&errs, "unknown ELF class"));
    mt_vec_free(&errs);

    /* an ELF without Go build information */
    mt_buf_clear(&blob);
    mt_buf_puts(&blob, "nothing to see here, just data of a C program\n");
    make_elf(&elf, blob.data, blob.len);
    assert_false(pkg_gobin_sniff(elf.data, elf.len));
    mt_vec out = {0};
    assert_int_equal(pkg_parse_go_binary(a, elf.data, elf.len, "x", &out, &errs), 0);
    assert_true(errs_mention(&errs, "not a Go executable"));
    mt_vec_free(&errs);
    mt_vec_free(&out);
    mt_buf_free(&blob);
    mt_buf_free(&elf);

    /* a C program of the system is not a Go binary */
    char *data;
    size_t len;
    const char *err;
    if (mt_read_file("/bin/sh", 64u << 20, &data, &len, &err) == 0) {
        assert_false(pkg_gobin_sniff(data, len));
        free(data);
    }
}

/* Every fixture with each byte replaced (by 0, 0xff, and its bits
 * flipped) and cut at each length: no crash, no out-of-bounds read (ASan
 * build), results keep their invariants. */
static void test_mutations(void **state)
{
    for (size_t f = 0; f < MT_ARRAY_LEN(small_fixtures); f++) {
        size_t len;
        char *orig = pkgfx_read(mt_arena_printf(*state, "gobin/%s", small_fixtures[f]), &len);
        char *buf = malloc(len ? len : 1);
        assert_non_null(buf);
        size_t ok = 0;
        for (size_t i = 0; i <= len; i++) {
            for (int m = 0; m < 4; m++) {
                mt_arena a;
                mt_arena_init(&a);
                memcpy(buf, orig, len);
                size_t n = len;
                if (m == 3)
                    n = i; /* cut */
                else if (i < len)
                    buf[i] = m == 0 ? 0 : m == 1 ? (char)0xff : (char)~orig[i];
                else
                    continue;
                mt_vec pkgs = {0}, errs = {0};
                size_t added = pkg_parse_go_binary(&a, buf, n, "p", &pkgs, &errs);
                assert_int_equal(added, pkgs.len);
                for (size_t k = 0; k < pkgs.len; k++) {
                    mt_pkg *p = pkgs.items[k];
                    assert_non_null(p->name);
                    assert_true(*p->name);
                    assert_true(*p->version);
                    pkg_purl(&a, p, NULL);
                }
                ok += added > 0;
                (void)pkg_gobin_sniff(buf, n);
                mt_vec_free(&pkgs);
                mt_vec_free(&errs);
                mt_arena_free(&a);
            }
        }
        assert_true(ok > 0);
        free(buf);
        free(orig);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_debian_skopeo, setup, teardown),
        cmocka_unit_test_setup_teardown(test_debian_umoci, setup, teardown),
        cmocka_unit_test_setup_teardown(test_small_fixtures, setup, teardown),
        cmocka_unit_test_setup_teardown(test_fixture_details, setup, teardown),
        cmocka_unit_test_setup_teardown(test_modinfo_lines, setup, teardown),
        cmocka_unit_test_setup_teardown(test_module_paths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_build_settings, setup, teardown),
        cmocka_unit_test_setup_teardown(test_stdlib_version, setup, teardown),
        cmocka_unit_test_setup_teardown(test_malformed_lengths, setup, teardown),
        cmocka_unit_test_setup_teardown(test_containers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mutations, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
