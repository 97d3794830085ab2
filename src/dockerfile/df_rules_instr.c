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

DF_CHECK(df_check_workdir_absolute)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_WORKDIR || in->error || in->argc == 0)
            continue;
        const char *dir = in->argv[0];
        if (dir[0] == '/' || dir[0] == '$' || is_windows_abs(dir))
            continue;
        df_emit(c, r, in, "WORKDIR '%s' is relative; use an absolute path", dir);
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
    for (int s = 0; s < final; s++) {
        const df_stage *st = c->df->stages[s];
        for (size_t k = st->last + 1; k-- > st->first;) {
            const df_instr *in = c->df->instrs[k];
            if (in->kind != DF_USER || in->error)
                continue;
            if (user_is_root(c, k, in) == 1)
                df_emit(c, r, in, "Stage %d%s%s ends with USER %s", s, st->name ? " " : "",
                        st->name ? st->name : "", in->argv[0]);
            break;
        }
    }
}

DF_CHECK(df_check_final_root)
{
    int s = df_final_stage(c);
    if (s < 0)
        return;
    long u = last_user(c, s, 0);
    if (u < 0) {
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
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_EXPOSE)
            continue;
        for (size_t j = 0; j < in->argc; j++) {
            const char *p = df_resolve(c, k, in->argv[j]);
            if (!p)
                continue;
            long lo, hi;
            if (parse_port_spec(p, &lo, &hi) != 0)
                df_emit(c, r, in, "EXPOSE '%s' is not a port or port range", p);
            else if (lo > 65535 || hi > 65535 || hi < lo)
                df_emit(c, r, in, "EXPOSE port '%s' is outside 0-65535", p);
        }
    }
}

DF_CHECK(df_check_expose_ssh)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_EXPOSE)
            continue;
        for (size_t j = 0; j < in->argc; j++) {
            const char *p = df_resolve(c, k, in->argv[j]);
            long lo, hi;
            if (p && parse_port_spec(p, &lo, &hi) == 0 && lo <= 22 && hi >= 22 &&
                !mt_endswith_ci(p, "/udp"))
                df_emit(c, r, in, "EXPOSE %s opens the SSH port", p);
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

static bool is_archive(const char *s)
{
    static const char *const exts[] = {".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tbz",
                                       ".tar.xz", ".txz", ".tar.zst", ".tzst", ".tar.lz",
                                       ".tlz", ".tar.lzma", ".gz", ".bz2", ".xz", ".lzma",
                                       ".Z", ".tZ", ".zst"};
    for (size_t k = 0; k < MT_ARRAY_LEN(exts); k++) {
        if (mt_endswith(s, exts[k]))
            return true;
    }
    return false;
}

static bool is_heredoc_marker(const char *s)
{
    return s[0] == '<' && s[1] == '<';
}

DF_CHECK(df_check_add_for_copy)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_ADD || in->error || in->argc < 2)
            continue;
        bool needs_add = true;
        for (size_t j = 0; j + 1 < in->argc; j++) {
            const char *src = in->argv[j];
            if (!is_url(src) && !is_archive(src) && !is_heredoc_marker(src))
                needs_add = false;
        }
        if (!needs_add)
            df_emit(c, r, in, "ADD copies local files here; use COPY");
    }
}

DF_CHECK(df_check_add_checksum)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_ADD || in->argc < 2 || df_flag_get(in, "checksum"))
            continue;
        for (size_t j = 0; j + 1 < in->argc; j++) {
            if (mt_startswith_ci(in->argv[j], "http://") || mt_startswith_ci(in->argv[j], "https://"))
                df_emit(c, r, in, "ADD downloads '%s' without --checksum", in->argv[j]);
        }
    }
}

DF_CHECK(df_check_copy_dest_slash)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if ((in->kind != DF_COPY && in->kind != DF_ADD) || in->error || in->argc < 3)
            continue;
        const char *dest = in->argv[in->argc - 1];
        const char *res = df_resolve(c, k, dest);
        if (!res)
            continue;
        if (!mt_endswith(res, "/") && !mt_endswith(res, "\\"))
            df_emit(c, r, in, "%s has %zu sources; end the destination '%s' with '/'", in->keyword,
                    in->argc - 1, dest);
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
            if (idx >= 0 && idx < s)
                continue;
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
        const df_instr *in = c->df->instrs[k];
        if ((in->kind == DF_CMD || in->kind == DF_ENTRYPOINT) && !in->json && !in->error)
            df_emit(c, r, in, "%s uses shell form; use the JSON form [\"executable\", \"arg\"]",
                    in->keyword);
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

/* Does value reference variable `name`? */
static bool references(const char *value, const char *name)
{
    size_t nl = strlen(name);
    for (const char *p = strchr(value, '$'); p; p = strchr(p + 1, '$')) {
        const char *v = p + 1;
        if (*v == '{')
            v++;
        if (strncmp(v, name, nl) == 0 && !(isalnum((unsigned char)v[nl]) || v[nl] == '_'))
            return true;
    }
    return false;
}

DF_CHECK(df_check_env_self_ref)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_ENV || in->nkv < 2)
            continue;
        for (size_t j = 1; j < in->nkv; j++) {
            const char *v = in->kvs[j].value;
            if (!v)
                continue;
            for (size_t i = 0; i < j; i++) {
                if (references(v, in->kvs[i].key) && strcmp(in->kvs[i].key, in->kvs[j].key) != 0) {
                    df_emit(c, r, in, "%s refers to %s, which this same ENV sets", in->kvs[j].key,
                            in->kvs[i].key);
                    break;
                }
            }
        }
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
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_LABEL)
            continue;
        for (size_t j = 0; j < in->nkv; j++) {
            const char *key = in->kvs[j].key;
            if (!*key || df_has_var(key))
                continue;
            if (label_key_reserved(key))
                df_emit(c, r, in, "Label key '%s' uses a namespace reserved by Docker", key);
            else if (!label_key_valid(key))
                df_emit(c, r, in, "Label key '%s' is not a lower-case reverse-DNS name", key);
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

static bool same_flags(const df_instr *a, const df_instr *b)
{
    if (a->nflags != b->nflags)
        return false;
    for (size_t k = 0; k < a->nflags; k++) {
        if (strcmp(a->flags[k].name, b->flags[k].name) != 0)
            return false;
        const char *x = a->flags[k].value ? a->flags[k].value : "";
        const char *y = b->flags[k].value ? b->flags[k].value : "";
        if (strcmp(x, y) != 0)
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
        if (top_level_cmds(c->runs[k - 1]) > 2 || top_level_cmds(c->runs[k]) > 2)
            continue;
        df_emit(c, r, b, "RUN follows the RUN on line %d; consider joining them with &&", a->line);
    }
}

static const char *const extractors[] = {"unzip",  "gunzip", "bunzip2", "unlzma", "unxz",
                                         "zcat",   "gzcat",  "uncompress", "unzstd", NULL};

static bool cmd_extracts(const sh_cmd *cmd)
{
    const char *n = sh_cmd_name(cmd);
    if (strcmp(n, "tar") == 0) {
        static const char *const x[] = {"--extract", "--get", NULL};
        if (sh_cmd_has_any(cmd, x) || sh_cmd_has_short(cmd, 'x'))
            return true;
        /* old-style "tar xzf file" */
        const char *a1 = sh_cmd_arg(cmd, 1);
        return a1 && a1[0] != '-' && strchr(a1, 'x');
    }
    for (const char *const *e = extractors; *e; e++) {
        if (strcmp(n, *e) == 0)
            return true;
    }
    return false;
}

DF_CHECK(df_check_copy_then_extract)
{
    for (size_t k = 0; k < c->df->ninstrs; k++) {
        const df_instr *in = c->df->instrs[k];
        if (in->kind != DF_COPY || df_flag_get(in, "from") || in->argc < 2)
            continue;
        for (size_t j = 0; j + 1 < in->argc; j++) {
            const char *src = in->argv[j];
            if (!is_archive(src) || is_url(src))
                continue;
            const char *base = mt_basename(src);
            bool found = false;
            for (size_t m = k + 1; m <= c->df->stages[in->stage]->last && !found; m++) {
                const df_run *run = c->runs[m];
                for (size_t q = 0; run && q < run->sh.ncmds && !found; q++) {
                    const sh_cmd *cmd = &run->sh.cmds[q];
                    if (!cmd_extracts(cmd))
                        continue;
                    for (size_t w = 1; w < sh_cmd_argc(cmd) && !found; w++)
                        found = strstr(sh_cmd_arg(cmd, w), base) != NULL;
                }
            }
            if (found)
                df_emit(c, r, in, "'%s' is copied and then extracted; ADD extracts local "
                                  "archives in one step",
                        src);
        }
    }
}
