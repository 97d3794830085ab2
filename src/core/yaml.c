/* yaml.c — see yaml.h. */
#include "core/yaml.h"

#include <stdio.h>
#include <string.h>

static void diag_quiet(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag;
    (void)user;
    (void)buf;
    (void)len;
}

struct fy_document *mt_yaml_load(const char *data, size_t len, bool json, bool *empty, int *line,
                                 int *col, char *msg, size_t msglen)
{
    *empty = false;
    *line = *col = 0;
    if (msglen)
        msg[0] = '\0';
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = diag_quiet;
    dcfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (!diag) {
        snprintf(msg, msglen, "cannot create a YAML parser");
        return NULL;
    }
    fy_diag_set_collect_errors(diag, true);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET | (json ? FYPCF_JSON_FORCE : FYPCF_JSON_NONE),
                               .diag = diag};
    struct fy_document *doc = fy_document_build_from_string(&cfg, data, len);
    if (!doc) {
        void *it = NULL;
        struct fy_diag_error *e = fy_diag_errors_iterate(diag, &it);
        if (e) {
            *line = e->line;
            *col = e->column;
            snprintf(msg, msglen, "%s", e->msg ? e->msg : "parse error");
        } else {
            *empty = true;
        }
    } else if (!fy_document_root(doc)) {
        fy_document_destroy(doc);
        doc = NULL;
        *empty = true;
    }
    fy_diag_destroy(diag);
    return doc;
}

static const struct fy_mark *mark_at(struct fy_node *n, int depth)
{
    if (!n || depth > 80)
        return NULL;
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR: {
        struct fy_token *t = fy_node_get_scalar_token(n);
        return t ? fy_token_start_mark(t) : NULL;
    }
    case FYNT_MAPPING: {
        void *it = NULL;
        struct fy_node_pair *p = fy_node_mapping_iterate(n, &it);
        return p ? mark_at(fy_node_pair_key(p), depth + 1) : NULL;
    }
    case FYNT_SEQUENCE: {
        void *it = NULL;
        return mark_at(fy_node_sequence_iterate(n, &it), depth + 1);
    }
    }
    return NULL;
}

const struct fy_mark *mt_yaml_mark(struct fy_node *n)
{
    return mark_at(n, 0);
}

static struct fy_node *alias_at(struct fy_node *n, int depth, int max_depth, bool *too_deep)
{
    if (!n)
        return NULL;
    if (depth > max_depth) {
        *too_deep = true;
        return n;
    }
    switch (fy_node_get_type(n)) {
    case FYNT_SCALAR:
        return fy_node_is_alias(n) ? n : NULL;
    case FYNT_SEQUENCE: {
        void *it = NULL;
        struct fy_node *item, *hit;
        while ((item = fy_node_sequence_iterate(n, &it)) != NULL)
            if ((hit = alias_at(item, depth + 1, max_depth, too_deep)) != NULL)
                return hit;
        return NULL;
    }
    case FYNT_MAPPING: {
        void *it = NULL;
        struct fy_node_pair *p;
        struct fy_node *hit;
        while ((p = fy_node_mapping_iterate(n, &it)) != NULL)
            if ((hit = alias_at(fy_node_pair_key(p), depth + 1, max_depth, too_deep)) != NULL ||
                (hit = alias_at(fy_node_pair_value(p), depth + 1, max_depth, too_deep)) != NULL)
                return hit;
        return NULL;
    }
    }
    return NULL;
}

struct fy_node *mt_yaml_first_alias(struct fy_node *n, int max_depth, bool *too_deep)
{
    *too_deep = false;
    return alias_at(n, 0, max_depth, too_deep);
}

bool mt_yaml_is_null(struct fy_node *n)
{
    if (!n)
        return true;
    if (fy_node_get_type(n) != FYNT_SCALAR || fy_node_get_style(n) != FYNS_PLAIN)
        return false;
    size_t len;
    const char *s = fy_node_get_scalar(n, &len);
    if (!s || len == 0)
        return true;
    static const char *const nulls[] = {"~", "null", "Null", "NULL"};
    for (size_t i = 0; i < sizeof(nulls) / sizeof(nulls[0]); i++)
        if (strlen(nulls[i]) == len && memcmp(s, nulls[i], len) == 0)
            return true;
    return false;
}
