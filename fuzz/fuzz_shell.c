/* fuzz_shell.c — libFuzzer harness for the shell splitter: sh_split() on
 * the input, then every sh_cmd_* query on every command (sh_cmd_prog()
 * checked against the name it caches), the way the rules call them. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "dockerfile/sh_split.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static const char *const long_opts[] = {"--yes", "--no-install-recommends", "--output",
                                        "--no-cache", "-o", "-t", "--option", "-y", NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    mt_arena a;
    mt_arena_init(&a);
    sh_script s;
    sh_split(&a, (const char *)data, size, &s);
    size_t n = s.error ? strlen(s.error) : 0;
    for (size_t k = 0; k < s.ncmds; k++) {
        const sh_cmd *c = &s.cmds[k];
        if (c->nwords && c->argi >= c->nwords)
            __builtin_trap();
        n += strlen(sh_cmd_name(c));
        size_t argc = sh_cmd_argc(c);
        for (size_t i = 0; i < argc; i++)
            n += strlen(sh_cmd_arg(c, i));
        if (sh_cmd_arg(c, argc))
            __builtin_trap();
        for (size_t i = 0; i < c->nwords; i++)
            n += strlen(c->words[i].value) + strlen(c->words[i].raw);
        for (size_t i = 0; i < c->nassigns; i++)
            n += strlen(c->assigns[i].value) + strlen(c->assigns[i].raw);
        for (size_t i = 0; i < c->nredirs; i++)
            n += strlen(c->redirs[i].op) + strlen(c->redirs[i].target);
        /* the cached classification agrees with the name it stands for */
        sh_prog pr = sh_cmd_prog(c);
        if ((unsigned)pr >= SH_PROG_COUNT || pr != sh_prog_of(sh_cmd_name(c)) ||
            pr != sh_cmd_prog_uncached(c))
            __builtin_trap();
        n += strlen(sh_prog_name(pr));
        n += sh_cmd_has_any(c, long_opts);
        n += sh_cmd_has_short(c, 'y') + sh_cmd_has_short(c, 'q');
        const char *v = sh_cmd_opt_value(c, 'o', "--output");
        n += v ? strlen(v) : 0;
        v = sh_cmd_opt_value(c, 'O', NULL);
        n += v ? strlen(v) : 0;
        v = sh_cmd_opt_value(c, 0, "--option");
        n += v ? strlen(v) : 0;
        size_t steps = 0;
        for (size_t i = 0; (i = sh_cmd_next_positional(c, i, long_opts)) != 0; steps++) {
            if (i >= argc || steps > argc)
                __builtin_trap();
            n += strlen(sh_cmd_arg(c, i));
        }
        for (size_t i = sh_cmd_next_positional(c, 0, NULL); i; i = sh_cmd_next_positional(c, i, NULL))
            n++;
        /* the inline case agrees with the full scan */
        for (size_t i = 0; i <= argc; i++) {
            if (sh_cmd_next_positional(c, i, long_opts) != sh_cmd_next_positional_scan(c, i, long_opts))
                __builtin_trap();
        }
    }
    (void)n;
    mt_arena_free(&a);
    return 0;
}
