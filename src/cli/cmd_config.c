/* cmd_config.c — `moat config PATH...`: scan configuration files. */
#include "cli/cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/config.h"
#include "core/scan.h"
#include "k8s/pss.h"
#include "report/report.h"
#include "workload/docker_run.h"

#define STDIN_MAX (64u << 20)

static bool file_exists(const char *p)
{
    struct stat sb;
    return stat(p, &sb) == 0 && S_ISREG(sb.st_mode);
}

/* When the writer can stream and the engine hands results on in report
 * order (mt_scan_paths_ordered), each file's result is filtered, sorted and
 * rendered on the thread that scanned it, while other files are still being
 * read (mt_scan_opts.result_ready), written as soon as it and those before
 * it are done (result_next), and its text freed. Otherwise the writer
 * renders the whole report at the end. */
typedef struct prerender_ctx {
    const mt_writer *writer;
    unsigned mask;
    mt_report_opts ro;
    void *stream; /* the report being written, or NULL */
} prerender_ctx;

static void on_result_ready(void *ud, mt_result *res)
{
    const prerender_ctx *c = ud;
    mt_result_filter_severity(res, c->mask);
    mt_result_sort(res);
    c->writer->prerender(res);
}

static void on_result_next(void *ud, mt_result *res)
{
    const prerender_ctx *c = ud;
    c->writer->stream_result(c->stream, res);
}

typedef struct progress {
    bool on;
    size_t shown;
} progress;

static void on_progress(void *ud, size_t done, const char *path)
{
    (void)path;
    progress *p = ud;
    if (done - p->shown >= 500) {
        p->shown = done;
        fprintf(stderr, "\rmoat: scanned %zu files...", done);
        fflush(stderr);
    }
}

/* Moves strings from a config vector into the scan options' vector. */
static void take_strings(mt_vec *dst, mt_vec *src)
{
    for (size_t i = 0; i < src->len; i++)
        mt_vec_push(dst, src->items[i]);
    src->len = 0;
}

static int read_stdin(char **out, size_t *len)
{
    mt_buf b;
    mt_buf_init(&b);
    char chunk[65536];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), stdin)) > 0) {
        if (b.len + n > STDIN_MAX) {
            mt_buf_free(&b);
            return -1;
        }
        mt_buf_put(&b, chunk, n);
    }
    *len = b.len;
    *out = mt_buf_steal(&b);
    return 0;
}

/* The target name of a --docker-run command line in reports. */
#define DOCKER_RUN_TARGET "<docker-run>"

/* --docker-run: checks the words after "--" are one docker/podman run or
 * create command. Returns 0, or EXIT_USAGE after saying why. */
static int docker_run_check(const cli_opts *o)
{
    if (o->type) {
        fprintf(stderr, "moat config: --type does not apply to --docker-run\n");
        return EXIT_USAGE;
    }
    size_t first = o->has_dashdash ? o->dashdash_at : 0;
    if (first > 0) {
        fprintf(stderr, "moat config: --docker-run takes no PATH ('%s'); put the command after --\n",
                (char *)o->paths.items[0]);
        return EXIT_USAGE;
    }
    size_t n = o->paths.len;
    if (n == 0) {
        fprintf(stderr, "moat config: --docker-run needs a command after -- "
                        "(moat config --docker-run -- docker run [OPTIONS] IMAGE)\n");
        return EXIT_USAGE;
    }
    dr_word *words = mt_xcalloc(n, sizeof(*words));
    for (size_t i = 0; i < n; i++)
        words[i].value = o->paths.items[i];
    bool ok = dr_match(words, n, NULL);
    free(words);
    if (!ok) {
        fprintf(stderr, "moat config: --docker-run: '%s%s' is not a docker/podman run or create "
                        "command\n", (char *)o->paths.items[0], n > 1 ? " ..." : "");
        return EXIT_USAGE;
    }
    return 0;
}

/* Appends a word quoted for a POSIX shell: as is when it is plain, else in
 * single quotes (a quote inside becoming '\''). */
static void shell_quote(mt_buf *b, const char *w)
{
    static const char plain[] = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                                "_@%+=:,./-";
    if (*w && strspn(w, plain) == strlen(w) && *w != '=') {
        mt_buf_puts(b, w);
        return;
    }
    mt_buf_putc(b, '\'');
    for (const char *p = w; *p; p++) {
        if (*p == '\'')
            mt_buf_puts(b, "'\\''");
        else
            mt_buf_putc(b, *p);
    }
    mt_buf_putc(b, '\'');
}

/* --docker-run (checked by docker_run_check): the words as one shell line,
 * judged by the shell analyzer, so a command line gets the model and the
 * rules a script gets. */
static void scan_docker_run(const cli_opts *o, const mt_scan_opts *so, mt_report *rep)
{
    mt_buf line;
    mt_buf_init(&line);
    for (size_t i = 0; i < o->paths.len; i++) {
        if (i)
            mt_buf_putc(&line, ' ');
        shell_quote(&line, o->paths.items[i]);
    }
    mt_buf_putc(&line, '\n');
    if (mt_scan_buffer(so, DOCKER_RUN_TARGET, line.data, line.len, "shell", rep) != 0)
        mt_report_error_add(rep, DOCKER_RUN_TARGET, "the shell analyzer is not available");
    mt_buf_free(&line);
}

int cmd_config(int argc, char **argv)
{
    const cli_command *self = cli_command_find("config");
    cli_opts o;
    mt_config cfg;
    mt_config_init(&cfg);
    mt_scan_opts so;
    mt_scan_opts_init(&so);
    mt_report rep;
    mt_report_init(&rep);
    int rc = cli_parse(self, argc, argv, &o);
    if (rc)
        goto done;
    if (o.help) {
        cli_print_help(stdout, self);
        goto done;
    }
    if (o.docker_run && (rc = docker_run_check(&o)) != 0)
        goto done;

    /* moat.yaml: named, or found in the current directory. */
    const char *cfg_path = o.config ? o.config : (file_exists("moat.yaml") ? "moat.yaml" : NULL);
    if (cfg_path) {
        char *err = NULL;
        if (mt_config_load(cfg_path, &cfg, &err) != 0) {
            fprintf(stderr, "moat: %s\n", err);
            free(err);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    /* The command line wins over the file. */
    const char *format = o.format ? o.format : cfg.format ? cfg.format : "table";
    const char *output = o.output ? o.output : cfg.output;
    const char *severity = o.severity ? o.severity : cfg.severity;
    const char *ignorefile = o.ignorefile ? o.ignorefile : cfg.ignorefile;
    const char *type = o.type ? o.type : cfg.type;
    bool has_exit = o.has_exit_code || cfg.has_exit_code;
    int exit_code = o.has_exit_code ? o.exit_code : cfg.exit_code;
    if (!o.quiet && cfg.has_quiet)
        o.quiet = cfg.quiet;
    if (!o.no_color && cfg.has_no_color)
        o.no_color = cfg.no_color;

    const mt_writer *writer = mt_writer_find(format);
    if (!writer) {
        fprintf(stderr, "moat config: unknown format '%s' (want %s)\n", format, mt_writer_names());
        rc = EXIT_USAGE;
        goto done;
    }
    unsigned mask = ~0u;
    if (severity && (rc = cli_severity_mask(severity, &mask)) != 0)
        goto done;
    if (type && !mt_analyzer_by_type(type)) {
        fprintf(stderr, "moat config: unknown --type '%s' (want dockerfile, kubernetes, compose, shell)\n", type);
        rc = EXIT_USAGE;
        goto done;
    }
    if (!o.pss)
        o.pss = cfg.pss;
    if (!o.pss_version)
        o.pss_version = cfg.pss_version;
    if (o.pss) {
        if (!strcmp(o.pss, "baseline")) {
            so.pss_level = 1;
        } else if (!strcmp(o.pss, "restricted")) {
            so.pss_level = 2;
        } else {
            fprintf(stderr, "moat config: unknown --pss level '%s' (want baseline or restricted)\n", o.pss);
            rc = EXIT_USAGE;
            goto done;
        }
    }
    so.pss_minor = PSS_LATEST;
    if (o.pss_version && (so.pss_minor = pss_parse_version(o.pss_version)) < 0) {
        fprintf(stderr, "moat config: bad --pss-version '%s' (want v1.N or latest)\n", o.pss_version);
        rc = EXIT_USAGE;
        goto done;
    }
    if (o.paths.len == 0) {
        fprintf(stderr, "moat config: no PATH given (see 'moat config --help')\n");
        rc = EXIT_USAGE;
        goto done;
    }
    if ((rc = cli_load_ignorefile(ignorefile, &so)) != 0)
        goto done;

    so.forced_type = type;
    so.threads = o.parallel;
    take_strings(&so.skip_dirs, &cfg.skip_dirs);
    take_strings(&so.skip_dirs, &o.skip_dirs);
    take_strings(&so.skip_files, &cfg.skip_files);
    take_strings(&so.skip_files, &o.skip_files);
    so.base = cfg.settings;
    memset(&cfg.settings, 0, sizeof(cfg.settings));
    take_strings(&so.base.trusted_registries, &o.trusted);
    so.use_hadolint_config = !o.no_hadolint && (!cfg.has_hadolint || cfg.hadolint);
    progress prog = {.on = !o.quiet && isatty(STDERR_FILENO)};
    if (prog.on) {
        so.progress = on_progress;
        so.progress_ud = &prog;
    }
    FILE *stream_out = NULL; /* the report's stream, when it is written as results come */
    prerender_ctx pre = {.writer = writer, .mask = mask,
                         .ro = {.version = MOAT_VERSION, .threads = o.parallel}};

    if (o.docker_run) {
        scan_docker_run(&o, &so, &rep);
        goto report;
    }

    /* Files and directories in one call, so the engine can share its
     * caches and spread the work over threads; standard input separately. */
    mt_vec fs_paths = {0};
    bool want_stdin = false;
    for (size_t i = 0; i < o.paths.len; i++) {
        if (strcmp(o.paths.items[i], "-") == 0)
            want_stdin = true;
        else
            mt_vec_push(&fs_paths, o.paths.items[i]);
    }
    /* Stream the report when the engine can hand results on in order. */
    if (writer->stream_begin && writer->prerender && fs_paths.len && !want_stdin &&
        mt_scan_paths_ordered((char *const *)fs_paths.items, fs_paths.len)) {
        stream_out = cli_open_output(output);
        if (!stream_out) {
            mt_vec_free(&fs_paths);
            rc = EXIT_UNREADABLE;
            goto done;
        }
        struct stat ob;
        if (fstat(fileno(stream_out), &ob) == 0 && S_ISREG(ob.st_mode)) {
            /* the report may be inside the scanned tree: never read it */
            so.skip_file = true;
            so.skip_dev = (unsigned long long)ob.st_dev;
            so.skip_ino = (unsigned long long)ob.st_ino;
        }
        if (isatty(fileno(stream_out)))
            so.progress = NULL; /* the report itself shows the progress */
        pre.stream = writer->stream_begin(stream_out, &pre.ro);
        so.result_ready = on_result_ready;
        so.result_ready_ud = &pre;
        so.result_next = on_result_next;
    }
    if (fs_paths.len)
        mt_scan_paths(&so, (char *const *)fs_paths.items, fs_paths.len, &rep);
    mt_vec_free(&fs_paths);
    if (want_stdin) {
        char *data = NULL;
        size_t len = 0;
        if (read_stdin(&data, &len) != 0)
            mt_report_error_add(&rep, "-", "standard input exceeds %u bytes", STDIN_MAX);
        else if (mt_scan_buffer(&so, "-", data, len, type, &rep) != 0)
            mt_report_error_add(&rep, "-", "cannot tell the file type of standard input; use --type");
        free(data);
    }
    if (prog.shown)
        fputs("\r\033[K", stderr);

report:
    mt_report_filter_severity(&rep, mask);
    mt_report_sort(&rep);

    if (pre.stream) {
        /* the results the engine did not hand on (all or none), in order */
        for (size_t i = 0; i < rep.results.len; i++) {
            mt_result *res = rep.results.items[i];
            if (!res->streamed)
                writer->stream_result(pre.stream, res);
        }
        writer->stream_end(pre.stream, &rep);
        rc = cli_finish_report(stream_out, output, &o, &rep, &so, has_exit, exit_code);
    } else {
        rc = cli_write_report(writer, format, output, &o, &rep, &so, has_exit, exit_code);
    }

done:
    mt_report_free(&rep);
    mt_scan_opts_free(&so);
    mt_config_free(&cfg);
    cli_opts_free(&o);
    return rc;
}
