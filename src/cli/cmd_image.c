/* cmd_image.c — `moat image`, `moat fs`, `moat sbom` and `moat sbom-scan`:
 * the OS and packages of images, directories or SBOM documents, with their
 * vulnerabilities (not for sbom), the image audit and secrets (not for the
 * two SBOM commands). */
#include "cli/cli.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/config.h"
#include "core/scan.h"
#include "image/img.h"
#include "inventory/audit.h"
#include "inventory/inv.h"
#include "pkg/sbom_in.h"
#include "secret/secret.h"
#include "secret/tree.h"
#include "report/report.h"
#include "vuln/db.h"
#include "vuln/match.h"
#include "vuln/vex.h"

/* Adds one target's inventory to the report; 0, or -1 when it could not be
 * read (recorded in the report's errors). */
/* The reader's messages start with the target; the report names it already. */
static const char *without_target(const char *msg, const char *target)
{
    size_t n = strlen(target);
    return strncmp(msg, target, n) == 0 && msg[n] == ':' && msg[n + 1] == ' ' ? msg + n + 2 : msg;
}

static const char *annotation(const img_image *im, const char *key)
{
    size_t kl = strlen(key);
    for (size_t i = 0; i < im->nannotations; i++)
        if (!strncmp(im->annotations[i], key, kl) && im->annotations[i][kl] == '=')
            return im->annotations[i] + kl + 1;
    return NULL;
}

/* How many leading layers of im belong to its base image: the image named
 * by --base-image, else the one the org.opencontainers.image.base.digest
 * (or .name) annotation names when the same OCI layout holds it. Its
 * layers must be the first layers of im. 0 with a warning when unknown. */
static int base_layers(const char *target, const cli_opts *o, img_image *im, mt_report *rep)
{
    char err[1024], ref[4400];
    const char *base_ref = o->base_image;
    const char *from = "--base-image";
    if (!base_ref) {
        const char *dg = annotation(im, "org.opencontainers.image.base.digest");
        const char *nm = annotation(im, "org.opencontainers.image.base.name");
        if (!dg && !nm) {
            mt_report_warn(rep, "%s: --exclude-base-image: the base image is unknown: the image has no "
                                "org.opencontainers.image.base.* annotations (give --base-image)", target);
            return 0;
        }
        if (strcmp(im->kind, "oci") != 0 && strcmp(im->kind, "oci-archive") != 0) {
            mt_report_warn(rep, "%s: --exclude-base-image: the base image %s is not in this %s "
                                "(give --base-image)", target, dg ? dg : nm, im->kind);
            return 0;
        }
        if (dg) {
            snprintf(ref, sizeof(ref), "%s:%s@%s", im->kind, im->path, dg);
        } else {
            /* the name's tag, as a ref name of the same layout */
            const char *slash = strrchr(nm, '/');
            const char *colon = strrchr(slash ? slash : nm, ':');
            snprintf(ref, sizeof(ref), "%s:%s:%s", im->kind, im->path, colon ? colon + 1 : nm);
        }
        base_ref = ref;
        from = "the base image annotation";
    }
    img_open_opts io = {.platform = o->platform};
    img_image *base = NULL;
    if (img_open(base_ref, &io, &base, err, sizeof(err)) != 0) {
        mt_report_warn(rep, "%s: --exclude-base-image: %s: %s", target, from, err);
        return 0;
    }
    int n = (int)base->nlayers;
    bool prefix = base->nlayers <= im->nlayers;
    for (size_t i = 0; prefix && i < base->nlayers; i++)
        prefix = base->layers[i].diff_id && im->layers[i].diff_id &&
                 !strcmp(base->layers[i].diff_id, im->layers[i].diff_id);
    img_close(base);
    if (!prefix) {
        mt_report_warn(rep, "%s: --exclude-base-image: the layers of %s are not the first layers of "
                            "the image; nothing excluded", target, base_ref);
        return 0;
    }
    return n;
}

/* The results of one target: its OS packages in a result of class
 * os-pkgs, each language ecosystem in its own (class lang-pkgs), all
 * pointing at the same image (meta may be NULL) and its base_layers. The
 * packages already live in the report arena; os is copied there. */
static void add_results(mt_report *rep, const char *target, const mt_os *os, const mt_vec *pkgs,
                        const mt_image_meta *meta, char **layer_ids, size_t nlayer_ids, int base_layers)
{
    char name[4400];
    if (os && os->id)
        snprintf(name, sizeof(name), "%s (%s %s)", target, os->id, os->version_id ? os->version_id : "");
    else
        snprintf(name, sizeof(name), "%s", target);
    mt_result *res = mt_report_add_result(rep, name, "os-pkgs",
                                          os && os->id ? mt_arena_strdup(&rep->arena, os->id) : "unknown");
    if (os && os->id) {
        mt_os *copy = mt_arena_alloc(&rep->arena, sizeof(*copy));
        *copy = *os;
        res->os = copy;
    }
    res->image = meta;
    res->nlayer_ids = nlayer_ids;
    res->layer_ids = layer_ids;
    res->base_layers = base_layers;
    mt_vec lang = {0}; /* mt_result* */
    for (size_t i = 0; i < pkgs->len; i++) {
        mt_pkg *p = pkgs->items[i];
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
            lr->nlayer_ids = nlayer_ids;
            lr->layer_ids = layer_ids;
            lr->base_layers = base_layers;
            mt_vec_push(&lang, lr);
        }
        mt_vec_push(&lr->packages, p);
    }
    mt_vec_free(&lang);
}

/* Secrets of the image: the layer files the inventory walk found them in,
 * and the configuration's Env and history. */
typedef struct cfg_scan {
    mt_report *rep;
    mt_result *res;
    const char *target;
    const char *path;
    const cli_opts *o;
} cfg_scan;

static void on_config_secret(void *ud, const sec_match *m)
{
    cfg_scan *c = ud;
    if (!c->res)
        c->res = mt_report_add_result(c->rep, mt_arena_printf(&c->rep->arena, "%s (image config)", c->target),
                                      "secret", "secret");
    sec_add_finding(c->rep, c->res, c->path, m, c->o->show_secrets, NULL);
}

static void image_secrets(const char *target, const cli_opts *o, const sec_ruleset *rs, img_image *im,
                          const inv_result *ir, mt_report *rep)
{
    mt_strmap byfile = {0};
    for (size_t i = 0; i < ir->secrets.len; i++) {
        const inv_secret *x = ir->secrets.items[i];
        char key[4400];
        snprintf(key, sizeof(key), "%s:/%s", target, x->path);
        bool found = false;
        mt_result *res = mt_strmap_get(&byfile, key, &found);
        if (!found) {
            res = mt_report_add_result(rep, key, "secret", "secret");
            mt_strmap_put(&byfile, key, res);
        }
        sec_match m = {0};
        m.rule = x->rule;
        m.line = x->line;
        m.col = x->col;
        m.end_line = x->end_line;
        m.secret = x->secret;
        m.secret_len = x->secret_len;
        m.line_text = x->line_text;
        char *path = mt_arena_printf(&rep->arena, "/%s", x->path);
        mt_finding *f = sec_add_finding(rep, res, path, &m, o->show_secrets, NULL);
        const char *diff = x->layer >= 0 && (size_t)x->layer < im->nlayers ? im->layers[x->layer].diff_id : NULL;
        f->message = mt_arena_printf(&rep->arena, "%s (layer %d%s%.19s)", f->message, x->layer,
                                     diff ? ", " : "", diff ? diff : "");
    }
    mt_strmap_free(&byfile);
    sec_scanner *sc = sec_scanner_new(rs);
    cfg_scan c = {rep, NULL, target, NULL, o};
    for (size_t i = 0; im->config.env && im->config.env[i]; i++) {
        char *p = mt_arena_printf(&rep->arena, "config Env[%zu]", i);
        c.path = p;
        sec_scan_buffer(sc, p, im->config.env[i], strlen(im->config.env[i]), on_config_secret, &c);
    }
    for (size_t i = 0; i < im->config.nhistory; i++) {
        const char *cb = im->config.history[i].created_by;
        if (!cb)
            continue;
        char *p = mt_arena_printf(&rep->arena, "config history[%zu]", i);
        c.path = p;
        sec_scan_buffer(sc, p, cb, strlen(cb), on_config_secret, &c);
    }
    sec_scanner_free(sc);
}

static int inventory(const char *target, const cli_opts *o, const mt_scan_opts *so, bool do_audit,
                     const sec_ruleset *secrets, mt_report *rep)
{
    char err[1024];
    img_open_opts io = {.platform = o->platform};
    img_image *im = NULL;
    if (img_open(target, &io, &im, err, sizeof(err)) != 0) {
        mt_report_error_add(rep, target, "%s", without_target(err, target));
        return -1;
    }
    inv_opts iv = {.threads = o->parallel, .secrets = secrets};
    inv_result ir;
    if (inv_scan(im, &rep->arena, &iv, &ir, err, sizeof(err)) != 0) {
        mt_report_error_add(rep, target, "%s", without_target(err, target));
        inv_result_free(&ir);
        img_close(im);
        return -1;
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
    char **layer_ids = mt_arena_alloc(&rep->arena, (im->nlayers + 1) * sizeof(char *));
    for (size_t i = 0; i < im->nlayers; i++)
        layer_ids[i] = im->layers[i].diff_id ? mt_arena_strdup(&rep->arena, im->layers[i].diff_id) : NULL;
    add_results(rep, target, ir.os.id ? &ir.os : NULL, &ir.pkgs, meta, layer_ids, im->nlayers,
                o->exclude_base ? base_layers(target, o, im, rep) : 0);
    if (do_audit)
        audit_image(so, im, &ir, target, rep);
    if (secrets)
        image_secrets(target, o, secrets, im, &ir, rep);
    for (size_t i = 0; i < ir.problems.len; i++)
        mt_report_warn(rep, "%s: %s", target, (char *)ir.problems.items[i]);
    rep->files_scanned++;
    inv_result_free(&ir);
    img_close(im);
    return 0;
}

/* `moat sbom-scan`: the packages of a CycloneDX or SPDX document. */
static int sbom_inventory(const char *path, mt_report *rep)
{
    char *data = NULL;
    size_t len = 0;
    const char *e = NULL;
    if (mt_read_file(path, 256u << 20, &data, &len, &e) != 0) {
        mt_report_error_add(rep, path, "%s", e);
        return -1;
    }
    mt_vec pkgs = {0}, errs = {0};
    mt_os os = {0};
    char err[1024];
    int rc = sbom_parse(&rep->arena, data, len, path, &pkgs, &os, &errs, err, sizeof(err));
    free(data);
    if (rc < 0) {
        mt_report_error_add(rep, path, "%s", without_target(err, path));
    } else {
        add_results(rep, path, os.id ? &os : NULL, &pkgs, NULL, NULL, 0, 0);
        for (size_t i = 0; i < errs.len; i++) {
            const mt_pkg_error *pe = errs.items[i];
            mt_report_warn(rep, "%s: %s", path, pe->message);
        }
        rep->files_scanned++;
    }
    mt_vec_free(&pkgs);
    mt_vec_free(&errs);
    return rc < 0 ? -1 : 0;
}

/* ---- vulnerabilities ---- */

#define STALE_DAYS 7

static bool ignore_applies(const mt_ignore_entry *e, const mt_vuln *v, int today)
{
    if (e->expires && today > e->expires)
        return false;
    bool id = mt_streq_ci(e->id, v->id);
    for (size_t i = 0; i < v->naliases && !id; i++)
        id = mt_streq_ci(e->id, v->aliases[i]);
    if (!id)
        return false;
    if (!e->glob || !*e->glob)
        return true;
    /* the glob names the package (name or purl) */
    return mt_glob_match(e->glob, v->package_name) || (v->pkg && v->pkg->purl && mt_glob_match(e->glob, v->pkg->purl));
}

/* Loads every --vex document; -1 after printing the problem. */
static int load_vex(const cli_opts *o, mt_arena *a, mt_vec *stmts)
{
    for (size_t i = 0; i < o->vex.len; i++) {
        const char *path = o->vex.items[i];
        char *data = NULL;
        size_t len = 0;
        const char *e = NULL;
        if (mt_read_file(path, 64u << 20, &data, &len, &e) != 0) {
            fprintf(stderr, "moat: --vex %s: %s\n", path, e);
            return -1;
        }
        char err[1024];
        int rc = vex_parse(a, data, len, path, stmts, err, sizeof(err));
        free(data);
        if (rc < 0) {
            fprintf(stderr, "moat: --vex %s\n", err);
            return -1;
        }
    }
    return 0;
}

/* Matches the packages of every inventory result, then applies
 * --ignore-unfixed, the ignore file and the VEX statements. */
static void vuln_scan(const cli_opts *o, const mt_scan_opts *so, const mt_vec *vex, mt_report *rep)
{
    char *dir = vdb_cache_dir(o->cache_dir);
    vdb *db = NULL;
    char err[2048];
    int rc = vdb_open(dir, &db, err, sizeof(err));
    if (rc != 0) {
        if (rc == 1)
            mt_report_warn(rep, "no vulnerability database in %s: packages are listed without "
                                "vulnerabilities (run 'moat db update', or 'moat db import' on an "
                                "air-gapped machine)", dir);
        else
            mt_report_warn(rep, "vulnerability database unusable, packages are listed without "
                                "vulnerabilities: %s", err);
        free(dir);
        return;
    }
    int64_t upd = vdb_updated(db), now = (int64_t)time(NULL);
    if (upd > 0 && now - upd > (int64_t)STALE_DAYS * 86400)
        mt_report_warn(rep, "the vulnerability database is %lld days old (run 'moat db update'); "
                            "results may miss recent vulnerabilities",
                       (long long)((now - upd) / 86400));
    for (size_t i = 0; i < rep->results.len; i++) {
        mt_result *res = rep->results.items[i];
        if (strcmp(res->class, "os-pkgs") != 0 && strcmp(res->class, "lang-pkgs") != 0)
            continue;
        mt_vec pkgs = {0};
        for (size_t k = 0; k < res->packages.len; k++) {
            const mt_pkg *p = res->packages.items[k];
            if (res->base_layers > 0 && p->layer >= 0 && p->layer < res->base_layers)
                continue;
            mt_vec_push(&pkgs, (void *)p);
        }
        size_t unkeyed = 0;
        if (vm_match_packages(db, &rep->arena, res->os, &pkgs, &res->vulns, &unkeyed, err,
                              sizeof(err)) < 0)
            mt_report_error_add(rep, res->target, "vulnerability matching: %s", err);
        mt_vec_free(&pkgs);
        /* say so rather than look clean: OS packages of a distribution
         * moat has no advisories for */
        if (unkeyed)
            mt_report_warn(rep, "%s: %zu OS packages not checked for vulnerabilities: no advisory "
                                "feed for %s %s", res->target, unkeyed,
                           res->os && res->os->id ? res->os->id : "an unknown distribution",
                           res->os && res->os->version_id ? res->os->version_id : "");
        size_t w = 0;
        for (size_t k = 0; k < res->vulns.len; k++) {
            mt_vuln *v = res->vulns.items[k];
            if (o->ignore_unfixed && !v->fixed_version)
                continue;
            for (size_t j = 0; j < so->ignores.len && !v->suppressed; j++) {
                const mt_ignore_entry *e = so->ignores.items[j];
                if (ignore_applies(e, v, so->today)) {
                    v->suppressed = MT_SUPPRESS_IGNOREFILE;
                    v->suppress_reason = e->reason ? mt_arena_strdup(&rep->arena, e->reason) : NULL;
                }
            }
            if (!v->suppressed && vex->len) {
                const vex_statement *st = vex_lookup(vex, v->id, (const char *const *)v->aliases,
                                                     v->naliases, v->pkg ? v->pkg->purl : NULL);
                if (st && (st->status == VEX_NOT_AFFECTED || st->status == VEX_FIXED)) {
                    v->suppressed = MT_SUPPRESS_VEX;
                    v->suppress_reason = mt_arena_printf(
                        &rep->arena, "%s%s%s%s%s (%s)", vex_status_name(st->status),
                        st->justification ? ": " : "", st->justification ? st->justification : "",
                        st->detail ? ": " : "", st->detail ? st->detail : "", st->origin ? st->origin : "VEX");
                }
            }
            res->vulns.items[w++] = v;
        }
        res->vulns.len = w;
    }
    vdb_close(db);
    free(dir);
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
    if ((rc = cli_load_ignorefile(o.ignorefile, &so)) != 0)
        goto done;
    sec_ruleset *secrets = NULL;
    mt_arena vex_arena;
    mt_arena_init(&vex_arena);
    mt_vec vex = {0};
    if (load_vex(&o, &vex_arena, &vex) != 0) {
        rc = EXIT_USAGE;
        goto vex_done;
    }
    if (strcmp(name, "sbom") != 0 && strcmp(name, "sbom-scan") != 0 && !o.no_secret) {
        secrets = cli_secret_rules(&o);
        if (!secrets) {
            rc = EXIT_USAGE;
            goto vex_done;
        }
    }
    bool show = !o.quiet && isatty(STDERR_FILENO);
    for (size_t i = 0; i < o.paths.len; i++) {
        if (show) {
            fprintf(stderr, "\rmoat: reading %s ...", (const char *)o.paths.items[i]);
            fflush(stderr);
        }
        const char *t = o.paths.items[i];
        if (!strcmp(name, "sbom-scan")) {
            sbom_inventory(t, &rep);
            continue;
        }
        char dirt[4200];
        if (!strcmp(name, "fs") && strncmp(t, "dir:", 4) != 0) {
            snprintf(dirt, sizeof(dirt), "dir:%s", t);
            t = dirt;
        }
        inventory(t, &o, &so, strcmp(name, "sbom") != 0 && !o.no_audit, secrets, &rep);
    }
    if (show)
        fputs("\r\033[K", stderr);
    if (strcmp(name, "sbom") != 0 && !o.no_vuln)
        vuln_scan(&o, &so, &vex, &rep);
    if (secrets)
        sec_apply_suppressions(&rep, NULL, &so, NULL);
    mt_report_filter_severity(&rep, mask);
    mt_report_sort(&rep);
    rc = cli_write_report(writer, format, o.output, &o, &rep, &so, o.has_exit_code, o.exit_code);
vex_done:
    sec_ruleset_free(secrets);
    mt_vec_free(&vex);
    mt_arena_free(&vex_arena);
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

int cmd_sbom_scan(int argc, char **argv)
{
    static const char *const formats[] = {"table", "json", "sarif", "cyclonedx", NULL};
    return run("sbom-scan", "table", formats, argc, argv);
}

int cmd_fs(int argc, char **argv)
{
    static const char *const formats[] = {"table", "json", "sarif", "cyclonedx", "spdx-json", NULL};
    return run("fs", "table", formats, argc, argv);
}
