/* dotnet.c — pkg_parse_deps_json(): the NAME.deps.json that `dotnet
 * publish` writes beside an application (type "nuget").
 *
 *   "libraries": {
 *     "MyApp/1.0.0": {"type": "project", "serviceable": false, "sha512": ""},
 *     "Newtonsoft.Json/13.0.3": {"type": "package", "serviceable": true,
 *        "sha512": "sha512-HrC5...==", "path": "newtonsoft.json/13.0.3", ...}
 *   }
 * Listed: the members of "libraries" whose "type" is "package" (NuGet
 * packages); "project" (the application and its own projects),
 * "reference", "runtimepack" and others are skipped silently. The member
 * name is "ID/VERSION": the ID (letters, digits and "._-", starting with a
 * letter or digit) is kept as written (NuGet IDs compare without case, so
 * duplicates are found on the lowercased form), the version too. "sha512"
 * is the SHA-512 of the .nupkg, kept as written ("sha512-" and base64) as
 * the checksum; an empty one gives none. Errors, each skipping its member:
 * a member that is not an object, a name that is not "ID/VERSION", an
 * invalid ID or version, a sha512 that is neither empty nor "sha512-" and
 * base64, the same ID and version twice. The "targets" section (which
 * assemblies each library brings, per runtime) is not read. */
#include <string.h>

#define MOAT_PKG_LANG_INTERNAL
#include "pkg/lang.h"

static bool base64_ok(const char *s, size_t n)
{
    if (n == 0 || n % 4 != 0)
        return false;
    size_t pad = 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '=') {
            pad++;
            continue;
        }
        if (pad)
            return false; /* '=' only at the end */
        if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
              c == '+' || c == '/'))
            return false;
    }
    return pad <= 2;
}

static void deps_library(lang_ctx *c, const lj_val *m)
{
    if (m->type != LJ_OBJ) {
        pkg_error(&c->err, m->line, "library '%s' is %s, not an object",
                  lang_quote(c->a, m->key, m->keylen), lj_type_name(m));
        return;
    }
    const lj_val *type = lj_get(m, "type");
    if (!type || type->type != LJ_STR || type->n != 7 || memcmp(type->s, "package", 7) != 0)
        return; /* a project, reference, runtime pack, ... */
    const char *slash = memchr(m->key, '/', m->keylen);
    if (!slash) {
        pkg_error(&c->err, m->line, "library '%s' is not named 'ID/VERSION'",
                  lang_quote(c->a, m->key, m->keylen));
        return;
    }
    size_t idn = (size_t)(slash - m->key);
    const char *ver = slash + 1;
    size_t vn = m->keylen - idn - 1;
    const char *why = lang_check_name(m->key, idn, "._-");
    if (why) {
        pkg_error(&c->err, m->line, "library '%s': invalid package ID: %s",
                  lang_quote(c->a, m->key, m->keylen), why);
        return;
    }
    why = lang_check_version(ver, vn);
    if (!why && memchr(ver, '/', vn))
        why = "it holds a '/'";
    if (why) {
        pkg_error(&c->err, m->line, "library '%s': invalid version: %s",
                  lang_quote(c->a, m->key, m->keylen), why);
        return;
    }
    const lj_val *sha = lj_get(m, "sha512");
    const char *sum = NULL;
    if (sha && !(sha->type == LJ_STR && sha->n == 0)) {
        if (sha->type != LJ_STR || sha->n < 8 || memcmp(sha->s, "sha512-", 7) != 0 ||
            !base64_ok(sha->s + 7, sha->n - 7) || sha->n > PKG_MAX_VALUE) {
            pkg_error(&c->err, sha->line, "library '%s': sha512 is not 'sha512-' and base64",
                      lang_quote(c->a, m->key, m->keylen));
            return;
        }
        sum = sha->s;
    }
    char *key = mt_arena_strndup(c->a, m->key, m->keylen);
    for (char *k = key; *k; k++) {
        if (*k >= 'A' && *k <= 'Z')
            *k = (char)(*k - 'A' + 'a');
    }
    if (lang_seen(c, key)) {
        pkg_error(&c->err, m->line, "library '%s' is listed twice",
                  lang_quote(c->a, m->key, m->keylen));
        return;
    }
    mt_pkg *p = lang_emit(c, mt_arena_strndup(c->a, m->key, idn), (char *)ver);
    p->checksum = (char *)sum;
}

size_t pkg_parse_deps_json(mt_arena *a, const char *data, size_t len, const char *db_path,
                           mt_vec *out, mt_vec *errs)
{
    lang_ctx c;
    lang_ctx_init(&c, a, "nuget", db_path, out, errs);
    int eline = 0;
    const char *emsg = NULL;
    /* keeps root -> libraries -> library -> its type and sha512 */
    lj_val *root = lj_parse(a, data, len, 3, &eline, &emsg);
    if (!root) {
        pkg_error(&c.err, eline, "not valid JSON: %s", emsg);
        return lang_ctx_done(&c);
    }
    const lj_val *libs = lj_get(root, "libraries");
    if (!libs) {
        pkg_error(&c.err, 0, "no \"libraries\" object");
        return lang_ctx_done(&c);
    }
    if (libs->type != LJ_OBJ) {
        pkg_error(&c.err, libs->line, "\"libraries\" is %s, not an object", lj_type_name(libs));
        return lang_ctx_done(&c);
    }
    for (const lj_val *m = libs->child; m; m = m->next)
        deps_library(&c, m);
    return lang_ctx_done(&c);
}

pkg_lang_parser lang_dotnet_parser_for(const char *path)
{
    if (!path)
        return NULL;
    const char *base = mt_basename(path);
    return strlen(base) > 10 && mt_endswith(base, ".deps.json") ? pkg_parse_deps_json : NULL;
}

bool pkg_dotnet_is_manifest(const char *path)
{
    return lang_dotnet_parser_for(path) != NULL;
}
