/* fuzz_docker_run.c — libFuzzer harness for the docker run front end: the
 * input as a shell script through the shell analyzer (logical lines,
 * here-documents, the splitter, finding words again, the docker run parser,
 * suppressions and the workload rules), and the same bytes cut at newlines
 * into an argv for dr_parse_argv(). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/finding.h"
#include "core/scan.h"
#include "workload/docker_run.h"
#include "workload/wl.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count(void *ud, const mt_rule *rule, wl_loc loc, const char *msg)
{
    size_t *n = ud;
    if (!rule || !msg || loc.line < 0 || loc.col < 0)
        __builtin_trap();
    *n += strlen(msg);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    mt_scan_opts so;
    mt_scan_opts_init(&so);
    so.today = 20260101;
    mt_report rep;
    mt_report_init(&rep);
    if (mt_scan_buffer(&so, "fuzz.sh", (const char *)data, size, "shell", &rep) != 0)
        __builtin_trap();
    for (size_t i = 0; i < rep.results.len; i++) {
        const mt_result *r = rep.results.items[i];
        for (size_t j = 0; j < r->findings.len; j++) {
            const mt_finding *f = r->findings.items[j];
            if (f->start_line < 1 || f->end_line < f->start_line)
                __builtin_trap();
        }
    }
    mt_report_free(&rep);
    mt_scan_opts_free(&so);

    /* lines as the words of one command line */
    mt_arena a;
    mt_arena_init(&a);
    char *copy = mt_arena_strndup(&a, (const char *)data, size);
    const char **argv = mt_arena_alloc(&a, (size + 1) * sizeof(*argv));
    size_t argc = 0;
    for (char *p = copy, *nl; p; p = nl ? nl + 1 : NULL) {
        nl = strchr(p, '\n');
        if (nl)
            *nl = '\0';
        argv[argc++] = p;
    }
    wl_workload *w = dr_parse_argv(&a, argc, argv);
    if (w) {
        size_t n = 0;
        wl_check(w, count, &n);
        wl_workload_free(w);
    }
    mt_arena_free(&a);
    return 0;
}
