/* cmd_secret.c — `moat secret PATH...`: leaked credentials in files,
 * directories and git histories. */
#include "cli/cli.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/scan.h"
#include "report/report.h"
#include "secret/gitscan.h"
#include "secret/secret.h"
#include "secret/tree.h"
#include "vuln/db.h"

/* Loads the shipped rules and every --secret-config. NULL after printing. */
sec_ruleset *cli_secret_rules(const cli_opts *o)
{
    sec_ruleset *rs = sec_ruleset_new();
    char err[2048];
    if (sec_ruleset_load_builtin(rs, err, sizeof(err)) != 0) {
        fprintf(stderr, "moat: built-in secret rules: %s\n", err);
        sec_ruleset_free(rs);
        return NULL;
    }
    for (size_t i = 0; i < o->secret_configs.len; i++) {
        const char *path = o->secret_configs.items[i];
        char *data = NULL;
        size_t len = 0;
        const char *e = NULL;
        if (mt_read_file(path, 16u << 20, &data, &len, &e) != 0) {
            fprintf(stderr, "moat: --secret-config %s: %s\n", path, e);
            sec_ruleset_free(rs);
            return NULL;
        }
        int rc = sec_ruleset_load(rs, data, len, path, err, sizeof(err));
        free(data);
        if (rc != 0) {
            fprintf(stderr, "moat: --secret-config %s\n", err);
            sec_ruleset_free(rs);
            return NULL;
        }
    }
    /* the compiled database is kept beside the vulnerability database */
    char *cache = vdb_cache_dir(o->cache_dir);
    sec_ruleset_set_cache(rs, cache);
    free(cache);
    if (sec_ruleset_compile(rs, err, sizeof(err)) != 0) {
        fprintf(stderr, "moat: secret rules: %s\n", err);
        sec_ruleset_free(rs);
        return NULL;
    }
    return rs;
}

/* .gitleaksignore: one fingerprint per line, '#' comments. */
static void load_gitleaksignore(const char *path, mt_vec *fps)
{
    char *data = NULL;
    size_t len = 0;
    const char *e = NULL;
    if (mt_read_file(path, 16u << 20, &data, &len, &e) != 0)
        return;
    char *save = NULL;
    for (char *l = strtok_r(data, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
        while (*l == ' ' || *l == '\t')
            l++;
        size_t n = strlen(l);
        while (n && (l[n - 1] == '\r' || l[n - 1] == ' ' || l[n - 1] == '\t'))
            l[--n] = '\0';
        if (n && l[0] != '#')
            mt_vec_push(fps, mt_xstrdup(l));
    }
    free(data);
}

/* The fingerprints of an earlier JSON report's secret findings (active and
 * suppressed). -1 after printing the problem. */
static int load_baseline(const char *path, mt_vec *out)
{
    json_error_t je;
    json_t *doc = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!doc) {
        fprintf(stderr, "moat secret: --baseline %s:%d:%d: %s\n", path, je.line, je.column, je.text);
        return -1;
    }
    json_t *results = json_object_get(doc, "results");
    if (!json_is_array(results)) {
        fprintf(stderr, "moat secret: --baseline %s: not a moat JSON report (no results)\n", path);
        json_decref(doc);
        return -1;
    }
    size_t i;
    json_t *r;
    json_array_foreach(results, i, r) {
        static const char *const lists[] = {"findings", "suppressed"};
        for (size_t k = 0; k < 2; k++) {
            json_t *arr = json_object_get(r, lists[k]);
            size_t j;
            json_t *f;
            json_array_foreach(arr, j, f) {
                const char *fp = json_string_value(json_object_get(f, "fingerprint"));
                if (fp)
                    mt_vec_push(out, mt_xstrdup(fp));
            }
        }
    }
    json_decref(doc);
    return 0;
}

static void free_strings(mt_vec *v)
{
    for (size_t i = 0; i < v->len; i++)
        free(v->items[i]);
    mt_vec_free(v);
}

/* ---- git history ---- */

typedef struct git_ctx {
    sec_scanner *sc;
    mt_report *rep;
    const cli_opts *o;
    mt_strmap results;      /* path -> mt_result* */
    const sec_git_blob *blob; /* being scanned */
} git_ctx;

static void on_git_match(void *ud, const sec_match *m)
{
    git_ctx *g = ud;
    bool found = false;
    const sec_git_blob *b = g->blob;
    mt_result *res = mt_strmap_get(&g->results, b->path, &found);
    if (!found) {
        res = mt_report_add_result(g->rep, b->path, "secret", "secret");
        mt_strmap_put(&g->results, b->path, res);
    }
    sec_origin org = {b->commit, b->author, b->email, b->time};
    sec_add_finding(g->rep, res, b->path, m, g->o->show_secrets, &org);
}

static int on_blob(void *ud, const sec_git_blob *b)
{
    git_ctx *g = ud;
    if (sec_looks_binary(b->data, b->len))
        return 0;
    g->blob = b;
    sec_scan_buffer(g->sc, b->path, b->data, b->len, on_git_match, g);
    return 0;
}

static int parse_date(const char *s, int64_t *out)
{
    struct tm tm = {0};
    const char *end = strptime(s, "%Y-%m-%d", &tm);
    if (!end || *end)
        return -1;
    *out = (int64_t)timegm(&tm);
    return 0;
}

static void scan_git(const cli_opts *o, const sec_ruleset *rs, int64_t since, mt_report *rep)
{
    sec_scanner *sc = sec_scanner_new(rs);
    for (size_t i = 0; i < o->paths.len; i++) {
        const char *repo = o->paths.items[i];
        git_ctx g = {sc, rep, o, {0}, NULL};
        sec_git_opts go = {.branch = o->branch, .since = since};
        sec_git_stats gst = {0};
        char err[2048];
        if (sec_git_walk(repo, &go, on_blob, &g, &gst, err, sizeof(err)) != 0)
            mt_report_error_add(rep, repo, "%s", err);
        else
            rep->files_scanned += gst.blobs;
        if (gst.skipped_large)
            mt_report_warn(rep, "%s: %zu blobs larger than the bound were not scanned", repo, gst.skipped_large);
        mt_strmap_free(&g.results);
    }
    sec_scanner_free(sc);
}

/* ---- progress ---- */

static void on_progress(void *ud, size_t done, const char *path)
{
    (void)ud;
    (void)path;
    if (done % 256 == 0) {
        fprintf(stderr, "\r\033[Kmoat: %zu files scanned ...", done);
        fflush(stderr);
    }
}

int cmd_secret(int argc, char **argv)
{
    const cli_command *self = cli_command_find("secret");
    cli_opts o;
    mt_report rep;
    mt_report_init(&rep);
    mt_scan_opts so;
    mt_scan_opts_init(&so);
    mt_vec gl_fps = {0}, baseline = {0};
    sec_ruleset *rs = NULL;
    int rc = cli_parse(self, argc, argv, &o);
    if (rc)
        goto done;
    if (o.help) {
        cli_print_help(stdout, self);
        goto done;
    }
    const char *format = o.format ? o.format : "table";
    static const char *const formats[] = {"table", "json", "sarif", "junit", NULL};
    const mt_writer *writer = NULL;
    for (const char *const *f = formats; *f && !writer; f++)
        if (!strcmp(*f, format))
            writer = mt_writer_find(format);
    if (!writer) {
        fprintf(stderr, "moat secret: unknown format '%s' (want table, json, sarif, junit)\n", format);
        rc = EXIT_USAGE;
        goto done;
    }
    if (o.paths.len == 0) {
        fprintf(stderr, "moat secret: no PATH given (see 'moat secret --help')\n");
        rc = EXIT_USAGE;
        goto done;
    }
    if ((o.since || o.branch) && !o.git) {
        fprintf(stderr, "moat secret: --since and --branch need --git\n");
        rc = EXIT_USAGE;
        goto done;
    }
    int64_t since = 0;
    if (o.since && parse_date(o.since, &since) != 0) {
        fprintf(stderr, "moat secret: --since wants a date YYYY-MM-DD, not '%s'\n", o.since);
        rc = EXIT_USAGE;
        goto done;
    }
    unsigned mask = ~0u;
    if (o.severity && (rc = cli_severity_mask(o.severity, &mask)) != 0)
        goto done;
    if ((rc = cli_load_ignorefile(o.ignorefile, &so)) != 0)
        goto done;
    /* .gitleaksignore in the working directory and at each scanned root */
    struct stat sb;
    load_gitleaksignore(".gitleaksignore", &gl_fps);
    for (size_t i = 0; i < o.paths.len; i++) {
        const char *p = o.paths.items[i];
        if (stat(p, &sb) == 0 && S_ISDIR(sb.st_mode) && strcmp(p, ".") != 0) {
            char path[4200];
            snprintf(path, sizeof(path), "%s/.gitleaksignore", p);
            load_gitleaksignore(path, &gl_fps);
        }
    }
    if (o.baseline && load_baseline(o.baseline, &baseline) != 0) {
        rc = EXIT_USAGE;
        goto done;
    }
    rs = cli_secret_rules(&o);
    if (!rs) {
        rc = EXIT_USAGE;
        goto done;
    }
    bool show = !o.quiet && isatty(STDERR_FILENO);
    if (o.git) {
        scan_git(&o, rs, since, &rep);
    } else {
        sec_tree_opts to = {.rules = rs,
                            .skip_dirs = &o.skip_dirs,
                            .skip_files = &o.skip_files,
                            .respect_gitignore = o.respect_gitignore,
                            .scan_archives = o.scan_archives,
                            .show_secrets = o.show_secrets,
                            .threads = o.parallel,
                            .progress = show ? on_progress : NULL};
        sec_tree_scan(&to, (const char *const *)o.paths.items, o.paths.len, &rep);
    }
    if (show)
        fputs("\r\033[K", stderr);
    sec_apply_suppressions(&rep, &gl_fps, &so, &baseline);
    mt_report_filter_severity(&rep, mask);
    mt_report_sort(&rep);
    rc = cli_write_report(writer, format, o.output, &o, &rep, &so, o.has_exit_code, o.exit_code);
done:
    sec_ruleset_free(rs);
    free_strings(&gl_fps);
    free_strings(&baseline);
    mt_report_free(&rep);
    mt_scan_opts_free(&so);
    cli_opts_free(&o);
    return rc;
}
