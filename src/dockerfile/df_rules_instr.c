/* df_rules_instr.c — checks on single instructions and on their order
 * within a stage: parse errors, WORKDIR, USER, EXPOSE, COPY/ADD, CMD,
 * ENTRYPOINT, HEALTHCHECK, ONBUILD, ENV, labels keys, MAINTAINER, RUN
 * sequences. */
#include "dockerfile/df_rules.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

DF_CHECK(df_check_parse_error)
{
    for (size_t k = 0; k < c->df->nerrors; k++) {
        const df_error *e = &c->df->errors[k];
        mt_emit(c->sf, r, e->line, e->line, e->col, NULL, "%s", e->msg);
    }
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        const char *err = in->error ? in->error : (in->trigger ? in->trigger->error : NULL);
        if (err)
            df_emit(c, r, in, "%s", err);
    }
}

static bool is_windows_abs(const char *p)
{
    return isalpha((unsigned char)p[0]) && p[1] == ':' && (p[2] == '\\' || p[2] == '/');
}

/* The instruction a check looks at: the trigger of an ONBUILD, or the
 * instruction itself. Findings are still reported at the ONBUILD line. A
 * trigger runs in a child build whose variables are unknown here, so
 * *deferred tells resolve_word() not to expand them. */
static const df_instr *effective(const df_instr *in, bool *deferred)
{
    *deferred = in->kind == DF_ONBUILD && in->trigger;
    return *deferred ? in->trigger : in;
}

/* Expands a word as seen by instruction k; NULL when that depends on an
 * unknown value. */
static const char *resolve_word(df_ctx *c, size_t k, bool deferred, const char *w)
{
    if (deferred)
        return df_has_var(w) ? NULL : w;
    return df_resolve(c, k, w);
}

DF_CHECK(df_check_workdir_absolute)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        if (in->kind != DF_WORKDIR || in->error || in->argc == 0)
            continue;
        const char *dir = in->argv[0];
        /* A variable is judged by its value when that is known. */
        const char *res = resolve_word(c, k, deferred, dir);
        if (!res || res[0] == '/' || res[0] == '\\' || is_windows_abs(res))
            continue;
        if (strcmp(res, dir) != 0)
            df_emit(c, r, c->df->instrs[k],
                    "WORKDIR '%s' is the relative path '%s'; use an absolute path", dir, res);
        else
            df_emit(c, r, c->df->instrs[k], "WORKDIR '%s' is relative; use an absolute path", dir);
    }
}

/* Is this USER value root? Returns -1 when it cannot be resolved. */
static int user_is_root(df_ctx *c, size_t at, const df_instr *in)
{
    if (in->argc == 0)
        return 0;
    const char *u = df_resolve(c, at, in->argv[0]);
    if (!u)
        return -1;
    size_t n = strcspn(u, ":");
    return (n == 4 && strncmp(u, "root", 4) == 0) || (n == 1 && u[0] == '0') ? 1 : 0;
}

/* Last USER instruction index of stage s (or its parents), or -1. */
static long last_user(const df_ctx *c, int s, int depth)
{
    if (s < 0 || depth > 64)
        return -1;
    const df_stage *st = c->df->stages[s];
    for (size_t k = st->last + 1; k-- > st->first;) {
        if (c->df->instrs[k]->kind == DF_USER && !c->df->instrs[k]->error)
            return (long)k;
    }
    return last_user(c, st->parent, depth + 1);
}

DF_CHECK(df_check_stage_user_root)
{
    int final = df_final_stage(c);
    /* The USER the final image inherits is DF5005's to report. */
    long final_user = final >= 0 ? last_user(c, final, 0) : -1;
    for (int s = 0; s < final; s++) {
        const df_stage *st = c->df->stages[s];
        for (size_t k = st->last + 1; k-- > st->first;) {
            const df_instr *in = c->df->instrs[k];
            if (in->kind != DF_USER || in->error)
                continue;
            if ((long)k != final_user && user_is_root(c, k, in) == 1)
                df_emit(c, r, in, "Stage %d%s%s ends with USER %s", s, st->name ? " " : "",
                        st->name ? st->name : "", in->argv[0]);
            break;
        }
    }
}

/* True when the external image at the root of stage s's chain is known to
 * set a non-root USER itself: distroless-style "nonroot" tags. */
static bool base_runs_unprivileged(df_ctx *c, int s)
{
    for (int depth = 0; s >= 0 && depth < 64 && c->df->stages[s]->parent >= 0; depth++)
        s = c->df->stages[s]->parent;
    const char *img = s >= 0 ? c->df->stages[s]->image_resolved : NULL;
    if (!img)
        return false;
    const df_image_ref *ref = df_stage_image_ref(c, s);
    return ref->tag && strstr(ref->tag, "nonroot") != NULL;
}

DF_CHECK(df_check_final_root)
{
    int s = df_final_stage(c);
    if (s < 0)
        return;
    long u = last_user(c, s, 0);
    if (u < 0) {
        if (base_runs_unprivileged(c, s))
            return;
        df_emit(c, r, c->df->stages[s]->from,
                "The final stage sets no USER, so the container runs as root");
        return;
    }
    const df_instr *in = c->df->instrs[u];
    if (user_is_root(c, (size_t)u, in) == 1)
        df_emit(c, r, in, "The final stage runs as USER %s", in->argv[0]);
}

/* Parses "80", "80/tcp", "8000-8080/udp". Returns 0 ok, -1 not a number. */
static int parse_port_spec(const char *s, long *lo, long *hi)
{
    char *end = NULL;
    if (!isdigit((unsigned char)*s))
        return -1;
    *lo = strtol(s, &end, 10);
    *hi = *lo;
    if (*end == '-') {
        if (!isdigit((unsigned char)end[1]))
            return -1;
        *hi = strtol(end + 1, &end, 10);
    }
    if (*end == '/') {
        const char *proto = end + 1;
        if (strcasecmp(proto, "tcp") && strcasecmp(proto, "udp") && strcasecmp(proto, "sctp"))
            return -1;
        return 0;
    }
    return *end ? -1 : 0;
}

DF_CHECK(df_check_expose_range)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        if (in->kind != DF_EXPOSE)
            continue;
        for (size_t j = 0; j < in->argc; j++) {
            const char *p = resolve_word(c, k, deferred, in->argv[j]);
            if (!p)
                continue;
            long lo, hi;
            if (parse_port_spec(p, &lo, &hi) != 0)
                df_emit(c, r, c->df->instrs[k], "EXPOSE '%s' is not a port or port range", p);
            else if (lo > 65535 || hi > 65535 || hi < lo)
                df_emit(c, r, c->df->instrs[k], "EXPOSE port '%s' is outside 0-65535", p);
        }
    }
}

DF_CHECK(df_check_expose_ssh)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        if (in->kind != DF_EXPOSE)
            continue;
        for (size_t j = 0; j < in->argc; j++) {
            const char *p = resolve_word(c, k, deferred, in->argv[j]);
            long lo, hi;
            if (p && parse_port_spec(p, &lo, &hi) == 0 && lo <= 22 && hi >= 22 &&
                !mt_endswith_ci(p, "/udp"))
                df_emit(c, r, c->df->instrs[k], "EXPOSE %s opens the SSH port", p);
        }
    }
}

/* Counts instructions of a kind per stage and flags every one after the
 * first. */
static void flag_repeats(df_ctx *c, const mt_rule *r, df_kind kind, const char *what)
{
    for (size_t s = 0; s < c->df->nstages; s++) {
        const df_stage *st = c->df->stages[s];
        int seen = 0, first_line = 0;
        for (size_t k = st->first; k <= st->last; k++) {
            const df_instr *in = c->df->instrs[k];
            if (in->kind != kind)
                continue;
            if (seen++ == 0)
                first_line = in->line;
            else
                df_emit(c, r, in, "Another %s in this stage (first on line %d); only the last "
                                  "one takes effect",
                        what, first_line);
        }
    }
}

DF_CHECK(df_check_multiple_healthcheck)
{
    flag_repeats(c, r, DF_HEALTHCHECK, "HEALTHCHECK");
}

DF_CHECK(df_check_multiple_cmd)
{
    flag_repeats(c, r, DF_CMD, "CMD");
}

DF_CHECK(df_check_multiple_entrypoint)
{
    flag_repeats(c, r, DF_ENTRYPOINT, "ENTRYPOINT");
}

static bool is_url(const char *s)
{
    return mt_startswith_ci(s, "http://") || mt_startswith_ci(s, "https://") ||
           mt_startswith(s, "git@") || mt_startswith_ci(s, "git://") ||
           mt_startswith_ci(s, "ssh://");
}

/* True when the text after the last '.' of s is one of exts. */
static bool last_ext_in(const char *s, const char *const *exts, size_t n)
{
    const char *dot = strrchr(s, '.');
    if (!dot)
        return false;
    for (size_t k = 0; k < n; k++) {
        if (mt_streq(dot + 1, exts[k]))
            return true;
    }
    return false;
}

/* An archive or compressed file by its name: .tar, .tar.gz, .tgz, .tar.bz2,
 * .tbz2, .tbz, .tar.xz, .txz, .tar.zst, .tzst, .tar.lz, .tlz, .tar.lzma,
 * .gz, .bz2, .xz, .lzma, .Z, .tZ or .zst. Every one of them but .tar.lz
 * ends in a listed single extension. */
static bool is_archive(const char *s)
{
    static const char *const exts[] = {"tar", "tgz", "tbz2", "tbz", "txz", "tzst", "tlz", "gz",
                                       "bz2", "xz", "lzma", "Z", "tZ", "zst"};
    return last_ext_in(s, exts, MT_ARRAY_LEN(exts)) || mt_endswith(s, ".tar.lz");
}

static bool is_heredoc_marker(const char *s)
{
    return s[0] == '<' && s[1] == '<';
}

DF_CHECK(df_check_add_for_copy)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        if (in->kind != DF_ADD || in->error || in->argc < 2)
            continue;
        /* ADD is justified when every source is a URL, an archive or a
         * heredoc; a source whose value is unknown gets the benefit of the
         * doubt. */
        const char *local = NULL;
        for (size_t j = 0; j + 1 < in->argc && !local; j++) {
            const char *src = in->argv[j];
            if (is_heredoc_marker(src))
                continue;
            const char *res = resolve_word(c, k, deferred, src);
            if (res && !is_url(res) && !is_archive(res))
                local = src;
        }
        if (local)
            df_emit(c, r, c->df->instrs[k], "ADD copies the local file '%s'; use COPY", local);
    }
}

DF_CHECK(df_check_add_checksum)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        if (in->kind != DF_ADD || in->argc < 2 || df_flag_get(in, "checksum"))
            continue;
        for (size_t j = 0; j + 1 < in->argc; j++) {
            const char *src = resolve_word(c, k, deferred, in->argv[j]);
            if (src && (mt_startswith_ci(src, "http://") || mt_startswith_ci(src, "https://")))
                df_emit(c, r, c->df->instrs[k], "ADD downloads '%s' without --checksum", src);
        }
    }
}

DF_CHECK(df_check_copy_dest_slash)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->error || in->argc < 3)
            continue;
        const char *dest = in->argv[in->argc - 1];
        const char *res = resolve_word(c, k, deferred, dest);
        if (!res)
            continue;
        if (!mt_endswith(res, "/") && !mt_endswith(res, "\\"))
            df_emit(c, r, c->df->instrs[k], "%s has %zu sources; end the destination '%s' with '/'",
                    in->keyword, in->argc - 1, dest);
    }
}

DF_CHECK(df_check_copy_from_unknown)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_COPY && in->kind != DF_ADD)
            continue;
        const char *from = df_flag_get(in, "from");
        if (!from || !*from || df_has_var(from))
            continue;
        int s = in->stage;
        if (s >= 0 && c->df->stages[s]->name && strcasecmp(c->df->stages[s]->name, from) == 0)
            continue; /* DF3023 */
        char *end = NULL;
        long idx = strtol(from, &end, 10);
        if (*end == '\0') {
            if (idx >= 0 && idx <= s)
                continue; /* an earlier stage, or this one (DF3023) */
            df_emit(c, r, in, "COPY --from=%s names no earlier stage", from);
            continue;
        }
        if (strpbrk(from, ":/@.") || df_is_stage_alias(c, s, from))
            continue; /* an image reference, or an earlier stage */
        df_emit(c, r, in, "COPY --from=%s names no earlier stage", from);
    }
}

DF_CHECK(df_check_copy_from_self)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        const char *from = in->kind == DF_COPY || in->kind == DF_ADD ? df_flag_get(in, "from") : NULL;
        if (!from || in->stage < 0)
            continue;
        const df_stage *st = c->df->stages[in->stage];
        char *end = NULL;
        long idx = strtol(from, &end, 10);
        if ((st->name && strcasecmp(st->name, from) == 0) || (*from && *end == '\0' && idx == in->stage))
            df_emit(c, r, in, "COPY --from=%s refers to the stage it is in", from);
    }
}

DF_CHECK(df_check_json_cmd)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        if ((in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) && !in->json && !in->error)
            df_emit(c, r, c->df->instrs[k],
                    "%s uses shell form; use the JSON form [\"executable\", \"arg\"]", in->keyword);
    }
}

DF_CHECK(df_check_onbuild_forbidden)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_ONBUILD || !in->trigger)
            continue;
        df_kind t = in->trigger->kind;
        if (t == DF_ONBUILD || t == DF_FROM || t == DF_MAINTAINER)
            df_emit(c, r, in, "ONBUILD cannot trigger %s", in->trigger->keyword);
    }
}

/* Scans the raw KEY=VALUE pairs of an ENV and reports a value that expands
 * a variable assigned by an earlier pair of the same instruction: that
 * expansion still sees the old value. Single quotes and escaped '$' do not
 * expand, so they are skipped. */
static void env_self_refs(df_ctx *c, const mt_rule *r, const df_instr *at, const df_instr *in)
{
    const char esc = c->df->escape;
    const char *keys[64];
    size_t klen[64];
    size_t nkeys = 0;
    const char *s = in->args;
    while (*s) {
        while (*s == ' ' || *s == '\t')
            s++;
        if (!*s)
            break;
        const char *key = s;
        while (*s && *s != '=' && *s != ' ' && *s != '\t')
            s++;
        if (*s != '=')
            return; /* legacy `ENV key value`: a single pair */
        size_t kl = (size_t)(s - key);
        s++;
        char quote = 0;
        bool reported = false;
        while (*s && (quote || (*s != ' ' && *s != '\t'))) {
            if (*s == esc && s[1] && quote != '\'') {
                s += 2;
                continue;
            }
            if (quote && *s == quote) {
                quote = 0;
            } else if (!quote && (*s == '\'' || *s == '"')) {
                quote = *s;
            } else if (*s == '$' && quote != '\'' && !reported) {
                const char *n = s[1] == '{' ? s + 2 : s + 1;
                size_t nl = 0;
                while (n[nl] == '_' || isalnum((unsigned char)n[nl]))
                    nl++;
                for (size_t i = 0; i < nkeys && nl && !reported; i++) {
                    if (klen[i] == nl && strncmp(keys[i], n, nl) == 0) {
                        df_emit(c, r, at, "%.*s refers to %.*s, which this same ENV sets; the "
                                          "reference sees the previous value",
                                (int)kl, key, (int)nl, n);
                        reported = true;
                    }
                }
            }
            s++;
        }
        if (nkeys < MT_ARRAY_LEN(keys)) {
            keys[nkeys] = key;
            klen[nkeys++] = kl;
        }
    }
}

DF_CHECK(df_check_env_self_ref)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        if (in->kind == DF_ENV && in->nkv >= 2 && !in->error)
            env_self_refs(c, r, c->df->instrs[k], in);
    }
}

static bool stage_has_workdir(const df_ctx *c, int s, size_t before, int depth)
{
    if (s < 0 || depth > 64)
        return false;
    const df_stage *st = c->df->stages[s];
    for (size_t k = st->first; k < before && k <= st->last; k++) {
        if (c->df->instrs[k]->kind == DF_WORKDIR)
            return true;
    }
    if (st->parent < 0)
        return false;
    return stage_has_workdir(c, st->parent, c->df->stages[st->parent]->last + 1, depth + 1);
}

DF_CHECK(df_check_copy_relative_dest)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_COPY || in->error || in->argc < 2 || in->stage < 0)
            continue;
        const char *dest = in->argv[in->argc - 1];
        if (dest[0] == '/' || dest[0] == '$' || is_windows_abs(dest))
            continue;
        if (stage_has_workdir(c, in->stage, k, 0))
            continue;
        df_emit(c, r, in, "COPY to relative destination '%s' without a WORKDIR in this stage", dest);
    }
}

static bool label_key_valid(const char *k)
{
    if (!islower((unsigned char)k[0]))
        return false;
    size_t n = strlen(k);
    if (!(islower((unsigned char)k[n - 1]) || isdigit((unsigned char)k[n - 1])))
        return false;
    for (size_t i = 0; i < n; i++) {
        char ch = k[i];
        if (!(islower((unsigned char)ch) || isdigit((unsigned char)ch) || ch == '.' || ch == '-'))
            return false;
    }
    if (strstr(k, "..") || strstr(k, "--"))
        return false;
    return true;
}

static bool label_key_reserved(const char *k)
{
    return mt_startswith(k, "com.docker.") || mt_startswith(k, "io.docker.") ||
           mt_startswith(k, "org.dockerproject.");
}

DF_CHECK(df_check_label_key)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        bool deferred;
        const df_instr *in = effective(c->df->instrs[k], &deferred);
        const df_instr *at = c->df->instrs[k];
        if (in->kind != DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkv; j++) {
            const char *key = in->kvs[j].key;
            if (!*key || df_has_var(key))
                continue;
            if (label_key_reserved(key))
                df_emit(c, r, at, "Label key '%s' uses a namespace reserved by Docker", key);
            else if (!label_key_valid(key))
                df_emit(c, r, at, "Label key '%s' is not a lower-case reverse-DNS name", key);
        }
    }
}

DF_CHECK(df_check_maintainer)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind == DF_MAINTAINER)
            df_emit(c, r, in, "MAINTAINER is deprecated; use LABEL org.opencontainers.image.authors");
    }
}

/* Same flags in any order (--mount=a --network=none equals
 * --network=none --mount=a). */
static bool same_flags(const df_instr *a, const df_instr *b)
{
    if (a->nflags != b->nflags || a->nflags > DF_MAX_FLAGS)
        return false;
    bool used[DF_MAX_FLAGS] = {false};
    for (size_t k = 0; k < a->nflags; k++) {
        const char *x = a->flags[k].value ? a->flags[k].value : "";
        bool found = false;
        for (size_t m = 0; m < b->nflags && !found; m++) {
            const char *y = b->flags[m].value ? b->flags[m].value : "";
            if (!used[m] && strcmp(a->flags[k].name, b->flags[m].name) == 0 && strcmp(x, y) == 0)
                used[m] = found = true;
        }
        if (!found)
            return false;
    }
    return true;
}

static size_t top_level_cmds(const df_run *run)
{
    size_t n = 0;
    for (size_t k = 0; k < run->sh.ncmds; k++)
        n += run->sh.cmds[k].depth == 0;
    return n;
}

DF_CHECK(df_check_consecutive_run)
{
    for (size_t k = 1; k < c->df->ninstrs; k++) {
        const df_instr *a = c->df->instrs[k - 1], *b = c->df->instrs[k];
        if (a->kind != DF_RUN || b->kind != DF_RUN || a->nheredocs || b->nheredocs)
            continue;
        if (!c->runs[k - 1] || !c->runs[k] || !same_flags(a, b))
            continue;
        /* A RUN that chains several commands was most likely split on
         * purpose (as in hadolint, whose own tests accept `RUN a && b`
         * followed by `RUN c`); only single-command RUNs are flagged. */
        if (top_level_cmds(c->runs[k - 1]) > 1 || top_level_cmds(c->runs[k]) > 1)
            continue;
        df_emit(c, r, b, "RUN follows the RUN on line %d; consider joining them with &&", a->line);
    }
}

/* Last component of a Unix or Windows path. */
static const char *path_base(const char *p)
{
    const char *b = p;
    for (const char *q = p; *q; q++) {
        if ((*q == '/' || *q == '\\') && q[1])
            b = q + 1;
    }
    return b;
}

/* A compressed tar archive by its name (ADD unpacks tar archives only; a
 * plain .gz of some other file is copied as it is). */
static bool is_tar_name(const char *s)
{
    /* .tar, .tgz, .tbz, .tbz2, .tb2, .txz, .tzst, .tlz, .tZ, .taz, .tar.* */
    static const char *const exts[] = {"tar", "tgz", "tbz", "tbz2", "tb2", "txz", "tzst", "tlz",
                                       "tZ", "taz"};
    return last_ext_in(s, exts, MT_ARRAY_LEN(exts)) || strstr(s, ".tar.");
}

static const char *const decompressors[] = {"gunzip", "bunzip2", "unlzma", "unxz", "zcat",
                                            "gzcat", "uncompress", "unzstd", "zgz", NULL};

static bool tar_extracts(const sh_cmd *cmd)
{
    static const char *const x[] = {"--extract", "--get", NULL};
    if (sh_cmd_has_any(cmd, x) || sh_cmd_has_short(cmd, 'x'))
        return true;
    /* old-style "tar xzf file" */
    const char *a1 = sh_cmd_arg(cmd, 1);
    return a1 && a1[0] != '-' && strchr(a1, 'x');
}

/* Does the command unpack the archive whose file name is `name`? */
static bool cmd_extracts(const sh_cmd *cmd, const char *name)
{
    bool tar = sh_cmd_prog(cmd) == SH_PROG_TAR;
    if (tar) {
        if (!tar_extracts(cmd))
            return false;
    } else {
        bool dec = false;
        const char *n = sh_cmd_name(cmd);
        for (const char *const *d = decompressors; *d && !dec; d++)
            dec = strcmp(n, *d) == 0;
        if (!dec || !is_tar_name(name))
            return false;
    }
    for (size_t w = 1; w < sh_cmd_argc(cmd); w++) {
        const char *a = sh_cmd_arg(cmd, w);
        if (tar && mt_startswith(a, "--file="))
            a += 7;
        if (strcmp(path_base(a), name) == 0)
            return true;
    }
    return false;
}

/* Reports archive `name` (copied by instruction k) if a later RUN of the
 * same stage extracts it. */
static void check_extracted(df_ctx *c, const mt_rule *r, size_t k, const char *src,
                            const char *name)
{
    for (size_t m = k + 1; m < c->df->ninstrs && c->df->instrs[m]->kind != DF_FROM; m++) {
        const df_run *run = c->runs[m];
        for (size_t q = 0; run && q < run->sh.ncmds; q++) {
            if (cmd_extracts(&run->sh.cmds[q], name)) {
                df_emit(c, r, c->df->instrs[k],
                        "'%s' is copied and then extracted (line %d); ADD extracts local tar "
                        "archives in one step",
                        src, c->df->instrs[m]->line);
                return;
            }
        }
    }
}

DF_CHECK(df_check_copy_then_extract)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_COPY || df_flag_get(in, "from") || in->argc < 2)
            continue;
        /* The archive is known in the image by the destination's name when
         * that names a file, else by the source's name. */
        const char *dest = in->argv[in->argc - 1];
        if (is_archive(dest) && !mt_endswith(dest, "/")) {
            check_extracted(c, r, k, in->argv[0], path_base(dest));
            continue;
        }
        for (size_t j = 0; j + 1 < in->argc; j++) {
            const char *src = in->argv[j];
            if (is_archive(src) && !is_url(src) && !is_heredoc_marker(src))
                check_extracted(c, r, k, src, path_base(src));
        }
    }
}
