/* analyzer.c — the secret rules in the engine's analyzer table (scan.c),
 * so that `moat rules` lists them and .moatignore and moat.yaml know their
 * IDs. The rules are the built-in ones (rules/secrets.yaml), loaded once on
 * first use without compiling their regexes; the scans themselves load and
 * compile their own ruleset (tree.h, cmd_secret.c). */
#include <pthread.h>

#include "core/scan.h"
#include "secret/secret.h"

static sec_ruleset *builtin;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void load(void)
{
    builtin = sec_ruleset_new();
    char err[512];
    if (sec_ruleset_load_builtin(builtin, err, sizeof(err)) != 0) {
        /* the shipped file is checked by the tests; an empty list is the
         * only sane answer here (this code never prints) */
        sec_ruleset_free(builtin);
        builtin = sec_ruleset_new();
    }
}

static size_t count(void)
{
    pthread_once(&once, load);
    return sec_ruleset_count(builtin);
}

static const mt_rule *rule_at(size_t i)
{
    pthread_once(&once, load);
    return &sec_ruleset_rule(builtin, i)->meta;
}

const mt_analyzer mt_secret_analyzer = {
    .type = "secret",
    .class = "secret",
    .rule_at = rule_at,
    .rule_count = count,
};
