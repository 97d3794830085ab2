/* node.c — small readers over libfyaml nodes shared by the Kubernetes
 * checks (see k8s.h). */
#include "k8s/k8s.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/yaml.h"

struct fy_node *k8s_get(struct fy_node *m, const char *key)
{
    if (!m || fy_node_get_type(m) != FYNT_MAPPING)
        return NULL;
    size_t klen = strlen(key);
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(m, &it)) != NULL) {
        struct fy_node *k = fy_node_pair_key(p);
        if (!k || fy_node_get_type(k) != FYNT_SCALAR)
            continue;
        size_t len = 0;
        const char *s = fy_node_get_scalar(k, &len);
        if (s && len == klen && memcmp(s, key, len) == 0)
            return fy_node_pair_value(p);
    }
    return NULL;
}

struct fy_node *k8s_path(struct fy_node *n, ...)
{
    va_list ap;
    va_start(ap, n);
    const char *key;
    while (n && (key = va_arg(ap, const char *)) != NULL)
        n = k8s_get(n, key);
    va_end(ap);
    return n;
}

const char *k8s_str(struct fy_node *n)
{
    if (!n || fy_node_get_type(n) != FYNT_SCALAR || mt_yaml_is_null(n))
        return NULL;
    return fy_node_get_scalar0(n);
}

int k8s_bool(struct fy_node *n)
{
    const char *s = k8s_str(n);
    if (!s)
        return -1;
    static const char *const yes[] = {"true", "True", "TRUE", "yes", "Yes", "YES", "on", "On", "ON"};
    static const char *const no[] = {"false", "False", "FALSE", "no", "No", "NO", "off", "Off", "OFF"};
    for (size_t i = 0; i < sizeof(yes) / sizeof(yes[0]); i++) {
        if (strcmp(s, yes[i]) == 0)
            return 1;
        if (strcmp(s, no[i]) == 0)
            return 0;
    }
    return -1;
}

bool k8s_int(struct fy_node *n, long long *out)
{
    const char *s = k8s_str(n);
    if (!s || !*s)
        return false;
    char *end = NULL;
    errno = 0;
    long long v = strtoll(s, &end, 10);
    if (errno || *end)
        return false;
    *out = v;
    return true;
}

k8s_ref k8s_ref_of(void *file, struct fy_node *n)
{
    k8s_ref r = {.file = file};
    for (struct fy_node *p = n; p; p = fy_node_get_parent(p)) {
        const struct fy_mark *m = mt_yaml_mark(p);
        if (m) {
            r.line = m->line + 1 + k8s_line_base(p);
            r.col = m->column + 1;
            break;
        }
    }
    return r;
}

static const char *label_get(const k8s_label *labels, size_t n, const char *key)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(labels[i].key, key) == 0)
            return labels[i].value;
    return NULL;
}

bool k8s_selector_matches(const k8s_label *match, size_t nmatch, const k8s_sel_req *reqs,
                          size_t nreqs, const k8s_label *labels, size_t nlabels)
{
    for (size_t i = 0; i < nmatch; i++) {
        const char *v = label_get(labels, nlabels, match[i].key);
        if (!v || strcmp(v, match[i].value) != 0)
            return false;
    }
    for (size_t i = 0; i < nreqs; i++) {
        const k8s_sel_req *r = &reqs[i];
        const char *v = label_get(labels, nlabels, r->key);
        bool in = false;
        for (size_t j = 0; v && !in && j < r->nvalues; j++)
            in = strcmp(r->values[j], v) == 0;
        switch (r->op) {
        case K8S_SEL_IN:
            if (!in)
                return false;
            break;
        case K8S_SEL_NOT_IN:
            if (in)
                return false;
            break;
        case K8S_SEL_EXISTS:
            if (!v)
                return false;
            break;
        case K8S_SEL_NOT_EXISTS:
            if (v)
                return false;
            break;
        }
    }
    return true;
}
