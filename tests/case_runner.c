/* case_runner.c — runs data-driven cases. One file is one case: the input
 * itself (a Dockerfile, a manifest, a Compose file, a shell script), with
 * its expectations in `#` comments; its type is the folder under cases/
 * (cases/kubernetes/WL1001/x.yaml is scanned as "kubernetes"):
 *
 *   # expect: DF3006@3 DF3006@7-9   findings (ID@LINE or ID@START-END)
 *   # expect: none                  no findings of the checked IDs
 *   # expect-all                    compare every finding, not only the
 *                                   checked IDs
 *   # check: ID ID                  also compare these IDs (no finding of
 *                                   them unless an expect line names it)
 *   # case-settings: KEY=VALUE      trusted-registries=a,b
 *                                   label-schema=name:kind,name:kind
 *                                   strict-labels=true
 *                                   enable=ID,ID  disable=ID,ID
 *                                   no-pragmas=true
 *                                   pss=baseline|restricted pss-version=v1.N
 *
 * The checked IDs are the case's directory name when it is a rule ID, plus
 * every ID named in an expect line. Suppressed findings do not count, so
 * suppression comments can be tested too. Exit 0 when every case passes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/config.h"
#include "core/scan.h"
#include "k8s/pss.h"

typedef struct expect {
    char id[32];
    int start, end;
    bool matched;
} expect;

#define MAX_EXPECT 256

typedef struct kase {
    expect exp[MAX_EXPECT];
    int nexp;
    char checked[64][32];
    int nchecked;
    bool all;
    bool none;
} kase;

static void add_checked(kase *k, const char *id)
{
    for (int i = 0; i < k->nchecked; i++) {
        if (strcmp(k->checked[i], id) == 0)
            return;
    }
    if (k->nchecked < 64)
        snprintf(k->checked[k->nchecked++], 32, "%s", id);
}

static bool is_checked(const kase *k, const char *id)
{
    if (k->all)
        return true;
    for (int i = 0; i < k->nchecked; i++) {
        if (strcmp(k->checked[i], id) == 0)
            return true;
    }
    return false;
}

static void list_setting(mt_vec *v, const char *val)
{
    char *copy = mt_xstrdup(val);
    char *save = NULL;
    for (char *t = strtok_r(copy, ",", &save); t; t = strtok_r(NULL, ",", &save))
        mt_vec_push(v, mt_xstrdup(t));
    free(copy);
}

static void rule_setting(mt_file_settings *s, const char *val, int enabled)
{
    mt_vec ids = {0};
    list_setting(&ids, val);
    for (size_t i = 0; i < ids.len; i++) {
        mt_rule_setting *rs = mt_xcalloc(1, sizeof(*rs));
        rs->id = ids.items[i];
        rs->enabled = enabled;
        mt_vec_push(&s->rules, rs);
    }
    mt_vec_free(&ids);
}

static int parse_settings(const char *path, const char *kv, mt_scan_opts *so)
{
    mt_file_settings *s = &so->base;
    const char *eq = strchr(kv, '=');
    if (!eq) {
        fprintf(stderr, "%s: bad case-settings '%s'\n", path, kv);
        return -1;
    }
    size_t kl = (size_t)(eq - kv);
    const char *val = eq + 1;
    if (kl == 18 && !strncmp(kv, "trusted-registries", kl)) {
        list_setting(&s->trusted_registries, val);
    } else if (kl == 12 && !strncmp(kv, "label-schema", kl)) {
        mt_vec pairs = {0};
        list_setting(&pairs, val);
        for (size_t i = 0; i < pairs.len; i++) {
            char *p = pairs.items[i];
            char *colon = strrchr(p, ':');
            if (!colon) {
                fprintf(stderr, "%s: label-schema entry '%s' wants name:kind\n", path, p);
                return -1;
            }
            *colon = '\0';
            mt_label_rule *l = mt_xcalloc(1, sizeof(*l));
            l->name = mt_xstrdup(p);
            l->kind = mt_xstrdup(colon + 1);
            mt_vec_push(&s->label_schema, l);
            free(p);
        }
        mt_vec_free(&pairs);
    } else if (kl == 13 && !strncmp(kv, "strict-labels", kl)) {
        s->strict_labels = !strcmp(val, "true");
    } else if (kl == 6 && !strncmp(kv, "enable", kl)) {
        rule_setting(s, val, 1);
    } else if (kl == 7 && !strncmp(kv, "disable", kl)) {
        rule_setting(s, val, 0);
    } else if (kl == 10 && !strncmp(kv, "no-pragmas", kl)) {
        s->disable_ignore_pragma = !strcmp(val, "true");
    } else if (kl == 3 && !strncmp(kv, "pss", kl)) {
        if (strcmp(val, "baseline") && strcmp(val, "restricted")) {
            fprintf(stderr, "%s: bad pss level in '%s'\n", path, kv);
            return -1;
        }
        so->pss_level = !strcmp(val, "restricted") ? PSS_RESTRICTED : PSS_BASELINE;
    } else if (kl == 11 && !strncmp(kv, "pss-version", kl)) {
        if ((so->pss_minor = pss_parse_version(val)) < 0) {
            fprintf(stderr, "%s: bad pss-version in '%s'\n", path, kv);
            return -1;
        }
    } else {
        fprintf(stderr, "%s: unknown case-settings key in '%s'\n", path, kv);
        return -1;
    }
    return 0;
}

static int parse_case(const char *path, const char *data, kase *k, mt_scan_opts *s)
{
    /* Directory name as the checked rule. */
    char dir[512];
    snprintf(dir, sizeof(dir), "%s", path);
    char *slash = strrchr(dir, '/');
    if (slash) {
        *slash = '\0';
        const char *d = mt_basename(dir);
        if (mt_rule_lookup(d))
            add_checked(k, d);
    }
    const char *line = data;
    while (line && *line) {
        const char *end = strchr(line, '\n');
        size_t len = end ? (size_t)(end - line) : strlen(line);
        char buf[2048];
        if (len >= sizeof(buf))
            len = sizeof(buf) - 1;
        memcpy(buf, line, len);
        buf[len] = '\0';
        char *p = buf;
        while (*p == ' ' || *p == '\t')
            p++;
        if (!strncmp(p, "# expect-all", 12)) {
            k->all = true;
        } else if (!strncmp(p, "# expect:", 9)) {
            char *save = NULL;
            for (char *t = strtok_r(p + 9, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
                if (!strcmp(t, "none")) {
                    k->none = true;
                    continue;
                }
                char *at = strchr(t, '@');
                if (!at || k->nexp >= MAX_EXPECT) {
                    fprintf(stderr, "%s: bad expectation '%s' (want ID@LINE)\n", path, t);
                    return -1;
                }
                *at = '\0';
                expect *e = &k->exp[k->nexp++];
                snprintf(e->id, sizeof(e->id), "%s", t);
                e->start = atoi(at + 1);
                char *dash = strchr(at + 1, '-');
                e->end = dash ? atoi(dash + 1) : 0;
                if (!mt_rule_lookup(e->id)) {
                    fprintf(stderr, "%s: unknown rule '%s'\n", path, e->id);
                    return -1;
                }
                add_checked(k, e->id);
            }
        } else if (!strncmp(p, "# check:", 8)) {
            char *save = NULL;
            for (char *t = strtok_r(p + 8, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
                if (!mt_rule_lookup(t)) {
                    fprintf(stderr, "%s: unknown rule '%s'\n", path, t);
                    return -1;
                }
                add_checked(k, t);
            }
        } else if (!strncmp(p, "# case-settings:", 16)) {
            char *save = NULL;
            for (char *t = strtok_r(p + 16, " \t\r", &save); t; t = strtok_r(NULL, " \t\r", &save)) {
                if (parse_settings(path, t, s) != 0)
                    return -1;
            }
        }
        line = end ? end + 1 : NULL;
    }
    if (k->nexp == 0 && !k->none) {
        fprintf(stderr, "%s: no '# expect:' line\n", path);
        return -1;
    }
    if (k->nchecked == 0 && !k->all) {
        fprintf(stderr, "%s: nothing to check (put the case in a rule's folder or name IDs)\n", path);
        return -1;
    }
    return 0;
}

static int run_case(const char *path)
{
    char *data = NULL;
    size_t len = 0;
    const char *err = NULL;
    if (mt_read_file(path, 1u << 24, &data, &len, &err) != 0) {
        fprintf(stderr, "%s: %s\n", path, err);
        return 1;
    }
    mt_scan_opts so;
    mt_scan_opts_init(&so);
    so.today = 20261122; /* fixed, so dated suppressions are deterministic */
    kase *k = calloc(1, sizeof(*k));
    int failed = 0;
    if (parse_case(path, data, k, &so) != 0) {
        failed = 1;
        goto out;
    }
    mt_report rep;
    mt_report_init(&rep);
    /* the type is the folder under cases/ */
    char type[64] = "dockerfile";
    const char *c = strstr(path, "cases/");
    if (c) {
        c += 6;
        size_t n = strcspn(c, "/");
        if (n < sizeof(type)) {
            memcpy(type, c, n);
            type[n] = '\0';
        }
    }
    if (mt_scan_buffer(&so, path, data, len, type, &rep) != 0) {
        fprintf(stderr, "%s: no analyzer of type '%s'\n", path, type);
        failed = 1;
    }
    mt_report_sort(&rep);
    for (size_t i = 0; i < rep.results.len; i++) {
        const mt_result *res = rep.results.items[i];
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if (f->suppressed || !is_checked(k, f->rule->id))
                continue;
            bool ok = false;
            for (int e = 0; e < k->nexp && !ok; e++) {
                expect *x = &k->exp[e];
                if (x->matched || strcmp(x->id, f->rule->id) != 0 || x->start != f->start_line)
                    continue;
                if (x->end && x->end != f->end_line)
                    continue;
                x->matched = ok = true;
            }
            if (!ok) {
                fprintf(stderr, "%s: unexpected %s@%d-%d: %s\n", path, f->rule->id, f->start_line,
                        f->end_line, f->message);
                failed = 1;
            }
        }
    }
    for (int e = 0; e < k->nexp; e++) {
        if (!k->exp[e].matched) {
            fprintf(stderr, "%s: missing %s@%d\n", path, k->exp[e].id, k->exp[e].start);
            failed = 1;
        }
    }
    mt_report_free(&rep);
out:
    printf("%s %s\n", failed ? "FAIL" : "ok  ", path);
    mt_scan_opts_free(&so);
    free(k);
    free(data);
    return failed;
}

int main(int argc, char **argv)
{
    int failed = 0, passed = 0;
    for (int i = 1; i < argc; i++) {
        if (run_case(argv[i]))
            failed++;
        else
            passed++;
    }
    printf("%d passed, %d failed\n", passed, failed);
    return failed ? 1 : 0;
}
