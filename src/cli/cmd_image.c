/* cmd_image.c — `moat image TARGET...`: the OS and OS packages of images. */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/scan.h"
#include "image/img.h"
#include "inventory/audit.h"
#include "inventory/inv.h"
#include "report/report.h"

/* Adds one target's inventory to the report; 0, or -1 when it could not be
 * read (recorded in the report's errors). */
/* The reader's messages start with the target; the report names it already. */
static const char *without_target(const char *msg, const char *target)
{
    size_t n = strlen(target);
    return strncmp(msg, target, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ' ? msg + n + 2 : msg;
}

static int inventory(const char *target, const cli_opts *o, const mt_scan_opts *so, bool do_audit,
                     mt_report *rep)
{
    char err[1024];
    img_open_opts io = {.platform = o->platform};
    img_image *im = NULL;
    if (img_open(target, &io, &im, err, sizeof(err)) != 0) {
        mt_report_error_add(rep, target, "%s", without_target(err, target));
        return -1;
    }
    inv_opts iv = {.threads = o->parallel};
    inv_result ir;
    if (inv_scan(im, &rep->arena, &iv, &ir, err, sizeof(err)) != 0) {
        mt_report_error_add(rep, target, "%s", without_target(err, target));
        inv_result_free(&ir);
        img_close(im);
        return -1;
    }
    char name[4400];
    if (ir.os.id)
        snprintf(name, sizeof(name), "%s (%s %s)", target, ir.os.id,
                 ir.os.version_id ? ir.os.version_id : "");
    else
        snprintf(name, sizeof(name), "%s", target);
    mt_result *res = mt_report_add_result(rep, name, "os-pkgs",
                                          ir.os.id ? mt_arena_strdup(&rep->arena, ir.os.id) : "unknown");
    if (ir.os.id) {
        mt_os *os = mt_arena_alloc(&rep->arena, sizeof(*os));
        *os = ir.os;
        res->os = os;
    }
    mt_image_meta *meta = mt_arena_alloc(&rep->arena, sizeof(*meta));
    meta->kind = im->kind;
    meta->manifest_digest = im->manifest_digest ? mt_arena_strdup(&rep->arena, im->manifest_digest) : NULL;
    meta->config_digest = im->config_digest ? mt_arena_strdup(&rep->arena, im->config_digest) : NULL;
    meta->os = im->config.os ? mt_arena_strdup(&rep->arena, im->config.os) : NULL;
    meta->arch = im->config.arch ? mt_arena_strdup(&rep->arena, im->config.arch) : NULL;
    meta->ntags = im->ntags;
    meta->tags = mt_arena_alloc(&rep->arena, (im->ntags + 1) * sizeof(char *));
    for (size_t i = 0; i < im->ntags; i++)
        meta->tags[i] = mt_arena_strdup(&rep->arena, im->tags[i]);
    res->image = meta;
    res->nlayer_ids = im->nlayers;
    res->layer_ids = mt_arena_alloc(&rep->arena, (im->nlayers + 1) * sizeof(char *));
    for (size_t i = 0; i < im->nlayers; i++)
        res->layer_ids[i] = im->layers[i].diff_id ? mt_arena_strdup(&rep->arena, im->layers[i].diff_id) : NULL;
    /* OS packages in this result; each language ecosystem in its own
     * (class lang-pkgs), all pointing at the same image. The packages
     * already live in the report arena. */
    mt_vec lang = {0}; /* mt_result* */
    for (size_t i = 0; i < ir.pkgs.len; i++) {
        mt_pkg *p = ir.pkgs.items[i];
        if (pkg_is_os(p)) {
            mt_vec_push(&res->packages, p);
            continue;
        }
        mt_result *lr = NULL;
        for (size_t k = 0; k < lang.len && !lr; k++) {
            mt_result *c = lang.items[k];
            if (!strcmp(c->type, p->type))
                lr = c;
        }
        if (!lr) {
            char lname[4400];
            snprintf(lname, sizeof(lname), "%s (%s)", target, p->type);
            lr = mt_report_add_result(rep, lname, "lang-pkgs", p->type);
            lr->image = meta;
            lr->nlayer_ids = res->nlayer_ids;
            lr->layer_ids = res->layer_ids;
            mt_vec_push(&lang, lr);
        }
        mt_vec_push(&lr->packages, p);
    }
    mt_vec_free(&lang);
    if (do_audit)
        audit_image(so, im, &ir, target, rep);
    for (size_t i = 0; i < ir.problems.len; i++)
        mt_report_warn(rep, "%s: %s", target, (char *)ir.problems.items[i]);
    rep->files_scanned++;
    inv_result_free(&ir);
    img_close(im);
    return 0;
}

static int run(const char *name, const char *default_format, const char *const *formats, int argc,
               char **argv)
{
    const cli_command *self = cli_command_find(name);
    cli_opts o;
    mt_report rep;
    mt_report_init(&rep);
    mt_scan_opts so;
    mt_scan_opts_init(&so);
    int rc = cli_parse(self, argc, argv, &o);
    if (rc)
        goto done;
    if (o.help) {
        cli_print_help(stdout, self);
        goto done;
    }
    const char *format = o.format ? o.format : default_format;
    const mt_writer *writer = NULL;
    for (const char *const *f = formats; *f && !writer; f++) {
        if (strcmp(*f, format) == 0)
            writer = mt_writer_find(format);
    }
    if (!writer) {
        fprintf(stderr, "moat %s: unknown format '%s' (want", name, format);
        for (const char *const *f = formats; *f; f++)
            fprintf(stderr, "%s %s", f == formats ? "" : ",", *f);
        fputs(")\n", stderr);
        rc = EXIT_USAGE;
        goto done;
    }
    if (o.paths.len == 0) {
        fprintf(stderr, "moat %s: no TARGET given (see 'moat %s --help')\n", name, name);
        rc = EXIT_USAGE;
        goto done;
    }
    unsigned mask = ~0u;
    if (o.severity && (rc = cli_severity_mask(o.severity, &mask)) != 0)
        goto done;
    struct stat sb;
    const char *ign = o.ignorefile ? o.ignorefile
                                   : (stat(".moatignore", &sb) == 0 && S_ISREG(sb.st_mode) ? ".moatignore" : NULL);
    if (ign) {
        char *err = NULL;
        if (mt_ignorefile_load(ign, &so.ignores, &err) != 0) {
            fprintf(stderr, "moat: %s\n", err);
            free(err);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    bool show = !o.quiet && isatty(STDERR_FILENO);
    for (size_t i = 0; i < o.paths.len; i++) {
        if (show) {
            fprintf(stderr, "\rmoat: reading %s ...", (const char *)o.paths.items[i]);
            fflush(stderr);
        }
        const char *t = o.paths.items[i];
        char dirt[4200];
        if (!strcmp(name, "fs") && strncmp(t, "dir:", 4) != 0) {
            snprintf(dirt, sizeof(dirt), "dir:%s", t);
            t = dirt;
        }
        inventory(t, &o, &so, strcmp(name, "sbom") != 0, &rep);
    }
    if (show)
        fputs("\r\033[K", stderr);
    mt_report_filter_severity(&rep, mask);
    mt_report_sort(&rep);
    rc = cli_write_report(writer, format, o.output, &o, &rep, &so, o.has_exit_code, o.exit_code);
done:
    mt_report_free(&rep);
    mt_scan_opts_free(&so);
    cli_opts_free(&o);
    return rc;
}

int cmd_image(int argc, char **argv)
{
    static const char *const formats[] = {"table", "json", "sarif", "cyclonedx", "spdx-json", NULL};
    return run("image", "table", formats, argc, argv);
}

int cmd_sbom(int argc, char **argv)
{
    static const char *const formats[] = {"cyclonedx", "spdx-json", "json", NULL};
    return run("sbom", "cyclonedx", formats, argc, argv);
}

int cmd_fs(int argc, char **argv)
{
    static const char *const formats[] = {"table", "json", "sarif", "cyclonedx", "spdx-json", NULL};
    return run("fs", "table", formats, argc, argv);
}
