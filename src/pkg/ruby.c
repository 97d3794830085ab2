/* ruby.c — the Ruby parsers of lang.h (type "gem").
 *
 * Gemfile.lock (also named gems.locked), as Bundler writes it:
 *   GEM
 *     remote: https://rubygems.org/
 *     specs:
 *       nokogiri (1.16.0-x86_64-linux)
 *         racc (~> 1.4)
 *       rack (3.0.8)
 *
 *   CHECKSUMS
 *     rack (3.0.8) sha256=<hex>
 * A line in the first column starts a section. Listed: the specs of the
 * GEM sections (gems from a gem server) and GIT sections (gems from a git
 * repository) — the lines indented by exactly four spaces after "  specs:".
 * The specs of PATH sections are the application's own gems, or gems
 * beside it, and are left out, as workspace members are for Cargo.lock;
 * PLUGIN SOURCE sections are skipped too. Lines indented by six spaces are
 * the dependencies of a spec and are not read. A spec is "NAME (VERSION)"
 * or "NAME (VERSION-PLATFORM)": as in Bundler's own lock-file parser, the
 * version ends at the first '-' and the rest is the platform. The platform
 * becomes mt_pkg.arch; a gem locked for several platforms (nokogiri for
 * x86_64-linux and arm64-darwin) is one package, without an arch, since
 * only one of them can be installed and the lock file does not say which.
 * CHECKSUMS (Bundler 2.5 and later): the "sha256=<hex>" of a spec becomes
 * its checksum ("sha256:<hex>"), unless the gem is locked for several
 * platforms (each has its own archive). Errors, each skipping its line: a
 * spec line without "(VERSION)", an invalid name (letters, digits and
 * "._-"), version (a digit, then letters, digits and '.') or platform, a
 * spec listed twice, an indentation other than 2, 4 or 6 spaces inside a
 * specs list, a checksum that is not 64 hexadecimal digits.
 *
 * Installed gems: specifications/NAME-VERSION[-PLATFORM].gemspec, the Ruby
 * code RubyGems writes with Gem::Specification#to_ruby:
 *   Gem::Specification.new do |s|
 *     s.name = "rake".freeze
 *     s.version = "13.0.6"
 *     s.licenses = ["MIT".freeze]
 * Read (only lines starting with the block's variable, "s" unless the
 * "Gem::Specification.new do |x|" line names another): name, version and
 * platform (each a string literal: "..." or '...' or %q{...}, with an
 * optional .freeze; a later assignment replaces an earlier one, as in
 * Ruby), and licenses (an array of such literals, joined with ", ": RubyGems
 * gives several licenses no meaning) or license. The code is not run: an
 * interpolated or computed name or version is an error, as is a missing
 * one (line 0); a platform "ruby" is no platform. */
#include <string.h>

#define MOAT_PKG_LANG_INTERNAL
#include "pkg/lang.h"

static bool is_alnum(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool is_digit(char c)
{
    return c >= '0' && c <= '9';
}

/* ==== Gemfile.lock ==== */

typedef struct {
    mt_pkg *p;
    const char *plat; /* NULL for a plain "ruby" gem */
    bool multi;       /* locked for several platforms */
} gem_entry;

typedef struct {
    lang_ctx c;
    mt_strmap specs; /* "NAME VERSION" -> gem_entry* */
} gemlock_ctx;

/* A gem version as a lock file writes it: a digit, then letters, digits
 * and '.'. */
static const char *gem_check_version(const char *s, size_t n)
{
    const char *why = lang_check_version(s, n);
    if (why)
        return why;
    if (!is_digit(s[0]))
        return "it does not start with a digit";
    for (size_t i = 0; i < n; i++) {
        if (!is_alnum(s[i]) && s[i] != '.')
            return "it holds a character that is not allowed";
    }
    return NULL;
}

typedef struct {
    const char *name, *ver, *plat;
    size_t nn, vn, pn;
    const char *rest; /* after the ')' */
    size_t rn;
} gem_spec;

/* "NAME (VERSION[-PLATFORM])..." -> parts; NULL or why it is invalid. */
static const char *gem_parse_spec(const char *s, size_t n, gem_spec *g)
{
    memset(g, 0, sizeof(*g));
    const char *open = NULL;
    for (size_t i = 0; i + 1 < n; i++) {
        if (s[i] == ' ' && s[i + 1] == '(') {
            open = s + i;
            break;
        }
    }
    if (!open)
        return "spec without a \"(VERSION)\"";
    const char *in = open + 2, *end = s + n;
    const char *close = memchr(in, ')', (size_t)(end - in));
    if (!close)
        return "unterminated \"(VERSION\"";
    g->name = s;
    g->nn = (size_t)(open - s);
    const char *dash = memchr(in, '-', (size_t)(close - in));
    g->ver = in;
    g->vn = (size_t)((dash ? dash : close) - in);
    if (dash) {
        g->plat = dash + 1;
        g->pn = (size_t)(close - dash - 1);
    }
    g->rest = close + 1;
    g->rn = (size_t)(end - close - 1);
    const char *why = lang_check_name(g->name, g->nn, "._-");
    if (why)
        return "invalid gem name";
    if (gem_check_version(g->ver, g->vn))
        return "invalid version";
    if (g->plat && lang_check_name(g->plat, g->pn, "._-"))
        return "invalid platform";
    return NULL;
}

static void gemlock_spec(gemlock_ctx *k, int line, const char *s, size_t n)
{
    lang_ctx *c = &k->c;
    gem_spec g;
    const char *why = gem_parse_spec(s, n, &g);
    if (!why && g.rn)
        why = "unexpected text after \"(VERSION)\"";
    if (why) {
        pkg_error(&c->err, line, "%s: '%s'", why, lang_quote(c->a, s, n));
        return;
    }
    char *key = mt_arena_printf(c->a, "%.*s %.*s", (int)g.nn, g.name, (int)g.vn, g.ver);
    char *plat = g.plat ? mt_arena_strndup(c->a, g.plat, g.pn) : NULL;
    bool found = false;
    gem_entry *e = mt_strmap_get(&k->specs, key, &found);
    if (found) {
        bool same = (!e->plat && !plat) || (e->plat && plat && strcmp(e->plat, plat) == 0);
        if (same) {
            pkg_error(&c->err, line, "spec '%s' is listed twice", lang_quote(c->a, s, n));
            return;
        }
        e->multi = true;
        e->p->arch = NULL;
        e->p->checksum = NULL;
        return;
    }
    e = mt_arena_alloc(c->a, sizeof(*e));
    e->plat = plat;
    e->p = lang_emit(c, mt_arena_strndup(c->a, g.name, g.nn), mt_arena_strndup(c->a, g.ver, g.vn));
    e->p->arch = plat;
    mt_strmap_put(&k->specs, key, e);
}

/* "NAME (VERSION[-PLATFORM]) sha256=HEX[,algo=...]" of CHECKSUMS. */
static void gemlock_checksum(gemlock_ctx *k, int line, const char *s, size_t n)
{
    lang_ctx *c = &k->c;
    gem_spec g;
    const char *why = gem_parse_spec(s, n, &g);
    if (why) {
        pkg_error(&c->err, line, "CHECKSUMS: %s: '%s'", why, lang_quote(c->a, s, n));
        return;
    }
    const char *r = g.rest;
    size_t rn = g.rn;
    pkg_trim(&r, &rn);
    const char *hex = NULL;
    while (rn) {
        const char *comma = memchr(r, ',', rn);
        size_t wn = comma ? (size_t)(comma - r) : rn;
        if (wn > 7 && memcmp(r, "sha256=", 7) == 0)
            hex = r + 7;
        if (hex) {
            if (wn - 7 != 64)
                hex = NULL;
            for (size_t i = 0; hex && i < 64; i++) {
                if (pkg_hexval(hex[i]) < 0)
                    hex = NULL;
            }
            if (!hex) {
                pkg_error(&c->err, line, "CHECKSUMS: sha256 of %.*s is not 64 hexadecimal digits",
                          (int)g.nn, g.name);
                return;
            }
            break;
        }
        r += comma ? wn + 1 : wn;
        rn -= comma ? wn + 1 : wn;
    }
    if (!hex)
        return; /* no checksum recorded, or none in sha256 */
    char *key = mt_arena_printf(c->a, "%.*s %.*s", (int)g.nn, g.name, (int)g.vn, g.ver);
    bool found = false;
    gem_entry *e = mt_strmap_get(&k->specs, key, &found);
    if (!found || e->multi)
        return;
    bool same = (!e->plat && !g.plat) ||
                (e->plat && g.plat && strlen(e->plat) == g.pn && memcmp(e->plat, g.plat, g.pn) == 0);
    if (!same)
        return;
    char *sum = mt_arena_alloc(c->a, 7 + 64 + 1);
    memcpy(sum, "sha256:", 7);
    for (size_t i = 0; i < 64; i++)
        sum[7 + i] = (hex[i] >= 'A' && hex[i] <= 'F') ? (char)(hex[i] - 'A' + 'a') : hex[i];
    e->p->checksum = sum;
}

size_t pkg_parse_gemfile_lock(mt_arena *a, const char *data, size_t len, const char *db_path,
                              mt_vec *out, mt_vec *errs)
{
    gemlock_ctx k;
    memset(&k, 0, sizeof(k));
    lang_ctx_init(&k.c, a, "gem", db_path, out, errs);
    enum { S_NONE, S_SOURCE, S_CHECKSUMS, S_OTHER } sec = S_NONE;
    bool in_specs = false;
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    const char *s;
    size_t n;
    while (pkg_lines_next(&it, &s, &n)) {
        size_t sp = 0;
        while (sp < n && s[sp] == ' ')
            sp++;
        if (sp == n)
            continue; /* empty, or only spaces */
        const char *t = s + sp;
        size_t tn = n - sp;
        while (tn && pkg_is_blank(t[tn - 1]))
            tn--;
        if (sp == 0) {
            sec = S_OTHER;
            in_specs = false;
            if ((tn == 3 && memcmp(t, "GEM", 3) == 0) || (tn == 3 && memcmp(t, "GIT", 3) == 0))
                sec = S_SOURCE;
            else if (tn == 9 && memcmp(t, "CHECKSUMS", 9) == 0)
                sec = S_CHECKSUMS;
            continue;
        }
        if (sec == S_SOURCE) {
            if (sp == 2) {
                in_specs = tn == 6 && memcmp(t, "specs:", 6) == 0;
                continue;
            }
            if (!in_specs)
                continue;
            if (t[0] == '\t' || (sp != 4 && sp != 6)) {
                pkg_error(&k.c.err, it.lineno, "line indented by %zu spaces in a specs list", sp);
                continue;
            }
            if (sp == 6)
                continue; /* a dependency of the spec above */
            if (pkg_has_ctl(t, tn)) {
                pkg_error(&k.c.err, it.lineno, "spec holds a control character");
                continue;
            }
            gemlock_spec(&k, it.lineno, t, tn);
        } else if (sec == S_CHECKSUMS && sp == 2) {
            if (pkg_has_ctl(t, tn)) {
                pkg_error(&k.c.err, it.lineno, "CHECKSUMS line holds a control character");
                continue;
            }
            gemlock_checksum(&k, it.lineno, t, tn);
        }
    }
    mt_strmap_free(&k.specs);
    return lang_ctx_done(&k.c);
}

/* ==== installed gemspec ==== */

/* A Ruby string literal at the start of [s, s + n): "..." (without
 * interpolation), '...' or %q / %Q with any delimiter. Returns the bytes
 * it takes (0 when it is not one, or is not closed on this line) and its
 * value in *out (arena). */
static size_t ruby_string(mt_arena *a, const char *s, size_t n, char **out, size_t *olen)
{
    if (n == 0)
        return 0;
    char open, close;
    size_t i;
    bool dq;
    if (s[0] == '"' || s[0] == '\'') {
        open = close = s[0];
        dq = s[0] == '"';
        i = 1;
    } else if (n >= 3 && s[0] == '%' && (s[1] == 'q' || s[1] == 'Q') && !is_alnum(s[2]) &&
               s[2] != ' ') {
        open = s[2];
        close = open == '{' ? '}' : open == '(' ? ')' : open == '[' ? ']' : open == '<' ? '>' : open;
        dq = s[1] == 'Q';
        i = 3;
    } else {
        return 0;
    }
    char *d = mt_arena_alloc(a, n + 1);
    size_t o = 0;
    int nest = 0;
    for (; i < n; i++) {
        char c = s[i];
        if (c == '\\' && i + 1 < n) {
            char e = s[++i];
            if (!dq) {
                if (e != '\\' && e != close && e != open)
                    d[o++] = '\\';
                d[o++] = e;
                continue;
            }
            switch (e) {
            case 'n': d[o++] = '\n'; break;
            case 't': d[o++] = '\t'; break;
            case 'r': d[o++] = '\r'; break;
            case 'e': d[o++] = 0x1b; break;
            case 's': d[o++] = ' '; break;
            case '0': d[o++] = '\0'; break;
            default: d[o++] = e; break; /* \\ \" \# ... */
            }
            continue;
        }
        if (dq && c == '#' && i + 1 < n && (s[i + 1] == '{' || s[i + 1] == '$' || s[i + 1] == '@'))
            return 0; /* interpolation: not a constant */
        if (c == open && open != close) {
            nest++;
        } else if (c == close) {
            if (nest == 0) {
                d[o] = '\0';
                *out = d;
                *olen = o;
                return i + 1;
            }
            nest--;
        }
        d[o++] = c;
    }
    return 0;
}

/* A literal followed by an optional ".freeze". */
static size_t ruby_frozen(mt_arena *a, const char *s, size_t n, char **out, size_t *olen)
{
    size_t k = ruby_string(a, s, n, out, olen);
    if (k && n - k >= 7 && memcmp(s + k, ".freeze", 7) == 0)
        k += 7;
    return k;
}

/* ["A".freeze, "B".freeze] -> "A, B"; NULL when it is not such an array. */
static char *ruby_string_array(mt_arena *a, const char *s, size_t n)
{
    if (n == 0 || s[0] != '[')
        return NULL;
    size_t i = 1;
    mt_buf b;
    mt_buf_init(&b);
    char *res = NULL;
    for (;;) {
        while (i < n && pkg_is_blank(s[i]))
            i++;
        if (i < n && s[i] == ']')
            break;
        char *v;
        size_t vn;
        size_t k = ruby_frozen(a, s + i, n - i, &v, &vn);
        if (!k)
            goto done;
        i += k;
        if (vn && !lang_check_text(v, vn) && b.len + 2 + vn <= PKG_MAX_VALUE) {
            if (b.len)
                mt_buf_puts(&b, ", ");
            mt_buf_put(&b, v, vn);
        }
        while (i < n && pkg_is_blank(s[i]))
            i++;
        if (i < n && s[i] == ',') {
            i++;
            continue;
        }
        if (i < n && s[i] == ']')
            break;
        goto done;
    }
    res = b.len ? mt_arena_strndup(a, b.data, b.len) : NULL;
done:
    mt_buf_free(&b);
    return res;
}

enum { G_NAME, G_VERSION, G_PLATFORM, G_LICENSE, G_COUNT };

size_t pkg_parse_gemspec(mt_arena *a, const char *data, size_t len, const char *db_path,
                         mt_vec *out, mt_vec *errs)
{
    lang_ctx c;
    lang_ctx_init(&c, a, "gem", db_path, out, errs);
    char var[64] = "s";
    size_t varn = 1;
    char *val[G_COUNT] = {NULL};
    size_t vlen[G_COUNT] = {0};
    int vline[G_COUNT] = {0};
    bool bad = false;
    pkg_lines it;
    pkg_lines_init(&it, data, len);
    const char *s;
    size_t n;
    while (pkg_lines_next(&it, &s, &n)) {
        pkg_trim(&s, &n);
        static const char decl[] = "Gem::Specification.new do |";
        const char *d = n > sizeof(decl) ? memmem(s, n, decl, sizeof(decl) - 1) : NULL;
        if (d) {
            const char *v = d + sizeof(decl) - 1, *end = s + n;
            const char *bar = memchr(v, '|', (size_t)(end - v));
            size_t vn = bar ? (size_t)(bar - v) : 0;
            bool ok = vn > 0 && vn < sizeof(var);
            for (size_t i = 0; ok && i < vn; i++)
                ok = is_alnum(v[i]) || v[i] == '_';
            if (ok) {
                memcpy(var, v, vn);
                var[vn] = '\0';
                varn = vn;
            }
            continue;
        }
        if (n <= varn + 1 || memcmp(s, var, varn) != 0 || s[varn] != '.')
            continue;
        size_t i = varn + 1, st = i;
        while (i < n && (is_alnum(s[i]) || s[i] == '_'))
            i++;
        const char *attr = s + st;
        size_t an = i - st;
        while (i < n && pkg_is_blank(s[i]))
            i++;
        if (i >= n || s[i] != '=' || (i + 1 < n && (s[i + 1] == '=' || s[i + 1] == '~')))
            continue; /* not an assignment */
        i++;
        while (i < n && pkg_is_blank(s[i]))
            i++;
        const char *v = s + i;
        size_t vn = n - i;
        int f = -1;
        if (an == 4 && memcmp(attr, "name", 4) == 0)
            f = G_NAME;
        else if (an == 7 && memcmp(attr, "version", 7) == 0)
            f = G_VERSION;
        else if (an == 8 && memcmp(attr, "platform", 8) == 0)
            f = G_PLATFORM;
        else if ((an == 7 && memcmp(attr, "license", 7) == 0) ||
                 (an == 8 && memcmp(attr, "licenses", 8) == 0))
            f = G_LICENSE;
        if (f < 0)
            continue;
        char *str = NULL;
        size_t sl = 0;
        if (f == G_LICENSE && vn && v[0] == '[') {
            str = ruby_string_array(a, v, vn);
            sl = str ? strlen(str) : 0;
        } else if (!ruby_frozen(a, v, vn, &str, &sl)) {
            str = NULL;
        }
        if (!str) {
            if (f == G_NAME || f == G_VERSION) {
                pkg_error(&c.err, it.lineno, "%s.%.*s is not a string literal", var, (int)an,
                          attr);
                bad = true;
            }
            continue;
        }
        val[f] = str;
        vlen[f] = sl;
        vline[f] = it.lineno;
    }
    if (bad)
        return lang_ctx_done(&c);
    if (!val[G_NAME]) {
        pkg_error(&c.err, 0, "no %s.name", var);
        return lang_ctx_done(&c);
    }
    const char *why = lang_check_name(val[G_NAME], vlen[G_NAME], "._-");
    if (why) {
        pkg_error(&c.err, vline[G_NAME], "invalid gem name '%s': %s",
                  lang_quote(a, val[G_NAME], vlen[G_NAME]), why);
        return lang_ctx_done(&c);
    }
    if (!val[G_VERSION]) {
        pkg_error(&c.err, 0, "gem %s has no %s.version", val[G_NAME], var);
        return lang_ctx_done(&c);
    }
    why = lang_check_version(val[G_VERSION], vlen[G_VERSION]);
    if (!why && !is_digit(val[G_VERSION][0]))
        why = "it does not start with a digit";
    if (why) {
        pkg_error(&c.err, vline[G_VERSION], "gem %s: invalid version: %s", val[G_NAME], why);
        return lang_ctx_done(&c);
    }
    mt_pkg *p = lang_emit(&c, val[G_NAME], val[G_VERSION]);
    if (val[G_PLATFORM] && strcmp(val[G_PLATFORM], "ruby") != 0 &&
        !lang_check_name(val[G_PLATFORM], vlen[G_PLATFORM], "._-"))
        p->arch = val[G_PLATFORM];
    if (val[G_LICENSE] && vlen[G_LICENSE] && !lang_check_text(val[G_LICENSE], vlen[G_LICENSE]))
        p->license = val[G_LICENSE];
    return lang_ctx_done(&c);
}

/* ---- paths ---- */

/* True when the directory holding base is named exactly `dir`. */
static bool parent_is(const char *path, const char *base, const char *dir)
{
    size_t dn = strlen(dir);
    if ((size_t)(base - path) < dn + 1)
        return false;
    const char *st = base - 1 - dn;
    return memcmp(st, dir, dn) == 0 && (st == path || st[-1] == '/');
}

pkg_lang_parser lang_ruby_parser_for(const char *path)
{
    if (!path)
        return NULL;
    const char *base = mt_basename(path);
    if (strcmp(base, "Gemfile.lock") == 0 || strcmp(base, "gems.locked") == 0)
        return pkg_parse_gemfile_lock;
    if (strlen(base) > 8 && mt_endswith(base, ".gemspec")) {
        if (parent_is(path, base, "specifications"))
            return pkg_parse_gemspec;
        if (parent_is(path, base, "default")) {
            const char *dflt = base - 1 - 7; /* "default/" */
            if (parent_is(path, dflt, "specifications"))
                return pkg_parse_gemspec;
        }
    }
    return NULL;
}

bool pkg_ruby_is_manifest(const char *path)
{
    return lang_ruby_parser_for(path) != NULL;
}

size_t pkg_parse_ruby(mt_arena *a, const char *data, size_t len, const char *db_path, mt_vec *out,
                      mt_vec *errs)
{
    pkg_lang_parser f = lang_ruby_parser_for(db_path);
    if (!f)
        return lang_unknown_path(a, db_path, "Ruby", errs);
    return f(a, data, len, db_path, out, errs);
}
