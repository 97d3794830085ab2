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

struct fy_diag *mt_yaml_quiet_diag(void)
{
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = diag_quiet;
    dcfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    if (diag)
        fy_diag_set_collect_errors(diag, true);
    return diag;
}

struct fy_document *mt_yaml_load(const char *data, size_t len, bool json, bool *empty, int *line,
                                 int *col, char *msg, size_t msglen)
{
    *empty = false;
    *line = *col = 0;
    if (msglen)
        msg[0] = '\0';
    size_t at = 0;
    const char *hazard = mt_yaml_hazard(data, len, &at);
    /* the crash is refused here; the '' leak only happens when libfyaml
     * decodes such a scalar, and callers of this function that read
     * single-quoted scalars decode them from the text themselves */
    if (hazard && strstr(hazard, "explicit key")) {
        int l = 1, c = 1;
        for (size_t i = 0; i < at; i++) {
            if (data[i] == '\n') {
                l++;
                c = 1;
            } else {
                c++;
            }
        }
        *line = l;
        *col = c;
        snprintf(msg, msglen, "%s is not supported", hazard);
        return NULL;
    }
    struct fy_diag *diag = mt_yaml_quiet_diag();
    if (!diag) {
        snprintf(msg, msglen, "cannot create a YAML parser");
        return NULL;
    }
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

const char *mt_yaml_hazard(const char *d, size_t len, size_t *at)
{
    enum { PLAIN, SQUOTE, DQUOTE } st = PLAIN;
    bool token = true; /* a '?' here would be an indicator */
    for (size_t i = 0; i < len; i++) {
        char ch = d[i];
        if (st == SQUOTE) {
            if (ch == '\'') {
                if (i + 1 < len && d[i + 1] == '\'') {
                    if (i + 3 < len && d[i + 2] == '\'' && d[i + 3] == '\'') {
                        *at = i;
                        return "repeated '' escapes in a single-quoted scalar";
                    }
                    i++;
                } else {
                    st = PLAIN;
                    token = false;
                }
            }
            continue;
        }
        if (st == DQUOTE) {
            if (ch == '\\' && i + 1 < len)
                i++;
            else if (ch == '"') {
                st = PLAIN;
                token = false;
            }
            continue;
        }
        switch (ch) {
        case ' ':
        case '\t':
            continue; /* blanks keep the state: "a ? b" is one plain scalar */
        case '\n':
        case '\r':
            token = true;
            continue;
        case '[':
        case '{':
        case ',':
            token = true;
            continue;
        case '-':
        case ':':
            /* "- " and ": " are indicators; "a-b" and "a:b" are content */
            token = i + 1 >= len || d[i + 1] == ' ' || d[i + 1] == '\t' || d[i + 1] == '\n' ||
                    d[i + 1] == '\r';
            continue;
        case '#':
            if (i == 0 || d[i - 1] == ' ' || d[i - 1] == '\t' || d[i - 1] == '\n' || d[i - 1] == '\r') {
                while (i + 1 < len && d[i + 1] != '\n' && d[i + 1] != '\r')
                    i++;
                token = true;
                continue;
            }
            break;
        case '\'':
            if (token) {
                st = SQUOTE;
                continue;
            }
            break;
        case '"':
            if (token) {
                st = DQUOTE;
                continue;
            }
            break;
        case '?':
            if (token && (i + 1 >= len || d[i + 1] == ' ' || d[i + 1] == '\t' || d[i + 1] == '\n' ||
                          d[i + 1] == '\r')) {
                *at = i;
                return "an explicit key ('? ')";
            }
            break;
        default:
            break;
        }
        token = false;
    }
    return NULL;
}

bool mt_yaml_doc_marker(const char *p, const char *end, bool *is_end)
{
    if (end - p < 3 || (memcmp(p, "---", 3) != 0 && memcmp(p, "...", 3) != 0))
        return false;
    if (end - p > 3 && p[3] != ' ' && p[3] != '\t' && p[3] != '\n' && p[3] != '\r')
        return false;
    if (is_end)
        *is_end = p[0] == '.';
    return true;
}
