/* config.c — see config.h. */
#include "core/config.h"
#include "core/yaml.h"

#include <ctype.h>
#include <libfyaml.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define CONFIG_MAX_SIZE (1u << 20)

/* ---- small YAML layer ---- */

typedef struct yctx {
    const char *path;
    char *err;  /* first error, malloc()ed */
    char *data; /* the source text: the document points into it */
} yctx;

static void diag_capture(struct fy_diag *diag, void *user, const char *buf, size_t len)
{
    (void)diag;
    yctx *y = user;
    if (y->err)
        return;
    while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
        len--;
    y->err = mt_xstrndup(buf, len);
}

static void yfail(yctx *y, struct fy_node *n, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void yfail(yctx *y, struct fy_node *n, const char *fmt, ...)
{
    if (y->err)
        return;
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    const struct fy_mark *m = mt_yaml_mark(n);
    mt_buf b;
    mt_buf_init(&b);
    if (m)
        mt_buf_printf(&b, "%s:%d:%d: %s", y->path, m->line + 1, m->column + 1, msg);
    else
        mt_buf_printf(&b, "%s: %s", y->path, msg);
    y->err = mt_buf_steal(&b);
}

static struct fy_document *yload(yctx *y)
{
    char *data = NULL;
    size_t len = 0;
    const char *rerr = NULL;
    if (mt_read_file(y->path, CONFIG_MAX_SIZE, &data, &len, &rerr) != 0) {
        yfail(y, NULL, "cannot read: %s", rerr);
        return NULL;
    }
    size_t bad = mt_utf8_invalid_at(data, len), at = 0;
    const char *hazard = bad == len ? mt_yaml_hazard(data, len, &at) : NULL;
    if (bad != len || hazard) {
        size_t off = hazard ? at : bad;
        int line = 1;
        for (size_t i = 0; i < off; i++)
            line += data[i] == '\n';
        if (hazard)
            yfail(y, NULL, "line %d: %s is not supported", line, hazard);
        else
            yfail(y, NULL, "line %d: not UTF-8 (byte 0x%02x)", line, (unsigned char)data[bad]);
        free(data);
        return NULL;
    }
    struct fy_diag_cfg dcfg;
    fy_diag_cfg_default(&dcfg);
    dcfg.fp = NULL;
    dcfg.output_fn = diag_capture;
    dcfg.user = y;
    dcfg.colorize = false;
    struct fy_diag *diag = fy_diag_create(&dcfg);
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET, .diag = diag};
    /* Aliases are not resolved: a config file has no use for them, and an
     * unresolved document cannot blow up (alias bombs). */
    struct fy_document *doc = fy_document_build_from_string(&cfg, data, len);
    if (doc && fy_document_root(doc) == NULL) {
        fy_document_destroy(doc);
        doc = NULL;
        if (!y->err)
            y->err = mt_xstrdup("");
        free(y->err);
        y->err = NULL;
        yfail(y, NULL, "empty document");
    } else if (!doc) {
        char *inner = y->err;
        y->err = NULL;
        yfail(y, NULL, "invalid YAML: %s", inner ? inner : "parse error");
        free(inner);
    }
    fy_diag_destroy(diag);
    /* The document points into the source text: keep it until yunload. */
    if (doc)
        y->data = data;
    else
        free(data);
    return doc;
}

static void yunload(yctx *y, struct fy_document *doc)
{
    if (doc)
        fy_document_destroy(doc);
    free(y->data);
    y->data = NULL;
}

/* Returns a malloc()ed copy of a scalar, or NULL (with an error) if n is not
 * a scalar. */
static char *yscalar(yctx *y, struct fy_node *n, const char *what)
{
    if (!n || fy_node_get_type(n) != FYNT_SCALAR) {
        yfail(y, n, "%s must be a scalar", what);
        return NULL;
    }
    size_t len = 0;
    const char *s = fy_node_get_scalar(n, &len);
    return mt_xstrndup(s ? s : "", s ? len : 0);
}

static int ybool(yctx *y, struct fy_node *n, const char *what, bool *out)
{
    char *s = yscalar(y, n, what);
    if (!s)
        return -1;
    int rc = 0;
    if (!strcasecmp(s, "true") || !strcasecmp(s, "yes") || !strcasecmp(s, "on"))
        *out = true;
    else if (!strcasecmp(s, "false") || !strcasecmp(s, "no") || !strcasecmp(s, "off"))
        *out = false;
    else {
        yfail(y, n, "%s must be true or false, not '%s'", what, s);
        rc = -1;
    }
    free(s);
    return rc;
}

/* A list of strings: a YAML sequence of scalars, or one scalar holding a
 * comma-separated list. */
static int ystrlist(yctx *y, struct fy_node *n, const char *what, mt_vec *out)
{
    if (n && fy_node_get_type(n) == FYNT_SEQUENCE) {
        void *it = NULL;
        struct fy_node *item;
        while ((item = fy_node_sequence_iterate(n, &it)) != NULL) {
            char *s = yscalar(y, item, what);
            if (!s)
                return -1;
            mt_vec_push(out, s);
        }
        return 0;
    }
    char *s = yscalar(y, n, what);
    if (!s)
        return -1;
    char *save = NULL;
    for (char *tok = strtok_r(s, ", ", &save); tok; tok = strtok_r(NULL, ", ", &save))
        mt_vec_push(out, mt_xstrdup(tok));
    free(s);
    return 0;
}

static char *ykey(struct fy_node_pair *p)
{
    struct fy_node *k = fy_node_pair_key(p);
    if (!k || fy_node_get_type(k) != FYNT_SCALAR)
        return NULL;
    size_t len = 0;
    const char *s = fy_node_get_scalar(k, &len);
    return s ? mt_xstrndup(s, len) : NULL;
}

static void add_rule_setting(mt_file_settings *s, const char *id, bool has_sev, mt_severity sev,
                             int enabled)
{
    mt_rule_setting *rs = mt_xcalloc(1, sizeof(*rs));
    rs->id = mt_xstrdup(id);
    rs->has_severity = has_sev;
    rs->severity = sev;
    rs->enabled = enabled;
    mt_vec_push(&s->rules, rs);
}

static int ylabel_schema(yctx *y, struct fy_node *n, mt_file_settings *s)
{
    if (!n || fy_node_get_type(n) != FYNT_MAPPING) {
        yfail(y, n, "label-schema must be a mapping of label name to value kind");
        return -1;
    }
    static const char *const kinds[] = {"text", "url", "email", "rfc3339", "semver", "hash", "spdx"};
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
        char *name = ykey(p);
        char *kind = yscalar(y, fy_node_pair_value(p), "label-schema value");
        bool ok = name && kind;
        if (ok) {
            ok = false;
            for (size_t i = 0; i < MT_ARRAY_LEN(kinds); i++)
                ok |= strcasecmp(kind, kinds[i]) == 0;
            if (!ok)
                yfail(y, fy_node_pair_value(p),
                      "label-schema kind '%s' is not one of text, url, email, rfc3339, semver, "
                      "hash, spdx",
                      kind);
        }
        if (!ok) {
            free(name);
            free(kind);
            return -1;
        }
        for (char *c = kind; *c; c++)
            *c = (char)tolower((unsigned char)*c);
        mt_label_rule *l = mt_xcalloc(1, sizeof(*l));
        l->name = name;
        l->kind = kind;
        mt_vec_push(&s->label_schema, l);
    }
    return 0;
}

/* ---- moat.yaml ---- */

void mt_config_init(mt_config *c)
{
    memset(c, 0, sizeof(*c));
}

void mt_config_free(mt_config *c)
{
    free(c->format);
    free(c->output);
    free(c->severity);
    free(c->ignorefile);
    free(c->type);
    free(c->pss);
    free(c->pss_version);
    for (size_t i = 0; i < c->skip_dirs.len; i++)
        free(c->skip_dirs.items[i]);
    mt_vec_free(&c->skip_dirs);
    for (size_t i = 0; i < c->skip_files.len; i++)
        free(c->skip_files.items[i]);
    mt_vec_free(&c->skip_files);
    mt_file_settings_free(&c->settings);
    memset(c, 0, sizeof(*c));
}

static int yrules(yctx *y, struct fy_node *n, mt_file_settings *s)
{
    if (fy_node_get_type(n) != FYNT_MAPPING) {
        yfail(y, n, "rules must be a mapping of rule ID to settings");
        return -1;
    }
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
        char *id = ykey(p);
        struct fy_node *v = fy_node_pair_value(p);
        if (!id) {
            yfail(y, fy_node_pair_key(p), "rule ID must be a scalar");
            return -1;
        }
        if (!mt_rule_lookup(id)) {
            yfail(y, fy_node_pair_key(p), "unknown rule '%s' (see 'moat rules')", id);
            free(id);
            return -1;
        }
        bool has_sev = false;
        mt_severity sev = MT_SEV_UNKNOWN;
        int enabled = -1;
        if (v && fy_node_get_type(v) == FYNT_SCALAR) {
            bool b;
            char *sv = yscalar(y, v, "rule setting");
            if (sv && mt_severity_parse(sv, &sev) == 0) {
                has_sev = true;
            } else if (sv && ybool(y, v, "rule setting", &b) == 0) {
                enabled = b;
            } else {
                free(sv);
                free(id);
                return -1;
            }
            free(sv);
        } else if (v && fy_node_get_type(v) == FYNT_MAPPING) {
            void *it2 = NULL;
            struct fy_node_pair *q;
            while ((q = fy_node_mapping_iterate(v, &it2)) != NULL) {
                char *k = ykey(q);
                struct fy_node *qv = fy_node_pair_value(q);
                int rc = 0;
                if (k && !strcmp(k, "severity")) {
                    char *sv = yscalar(y, qv, "severity");
                    if (!sv || mt_severity_parse(sv, &sev) != 0) {
                        yfail(y, qv, "unknown severity '%s'", sv ? sv : "");
                        rc = -1;
                    }
                    has_sev = true;
                    free(sv);
                } else if (k && (!strcmp(k, "enabled") || !strcmp(k, "disabled"))) {
                    bool b = false;
                    rc = ybool(y, qv, k, &b);
                    enabled = !strcmp(k, "enabled") ? b : !b;
                } else {
                    yfail(y, fy_node_pair_key(q), "unknown rule setting '%s'", k ? k : "");
                    rc = -1;
                }
                free(k);
                if (rc) {
                    free(id);
                    return -1;
                }
            }
        } else {
            yfail(y, v, "rule settings must be a severity, on/off, or a mapping");
            free(id);
            return -1;
        }
        add_rule_setting(s, id, has_sev, sev, enabled);
        free(id);
    }
    return 0;
}

static int ydockerfile(yctx *y, struct fy_node *n, mt_file_settings *s)
{
    if (fy_node_get_type(n) != FYNT_MAPPING) {
        yfail(y, n, "dockerfile must be a mapping");
        return -1;
    }
    void *it = NULL;
    struct fy_node_pair *p;
    while ((p = fy_node_mapping_iterate(n, &it)) != NULL) {
        char *k = ykey(p);
        struct fy_node *v = fy_node_pair_value(p);
        int rc;
        if (k && !strcmp(k, "trusted-registries"))
            rc = ystrlist(y, v, k, &s->trusted_registries);
        else if (k && !strcmp(k, "label-schema"))
            rc = ylabel_schema(y, v, s);
        else if (k && !strcmp(k, "strict-labels"))
            rc = ybool(y, v, k, &s->strict_labels);
        else if (k && !strcmp(k, "disable-ignore-pragma"))
            rc = ybool(y, v, k, &s->disable_ignore_pragma);
        else {
            yfail(y, fy_node_pair_key(p), "unknown key 'dockerfile.%s'", k ? k : "");
            rc = -1;
        }
        free(k);
        if (rc)
            return -1;
    }
    return 0;
}

int mt_config_load(const char *path, mt_config *c, char **err)
{
    yctx y = {.path = path};
    struct fy_document *doc = yload(&y);
    if (!doc) {
        *err = y.err;
        return -1;
    }
    struct fy_node *root = fy_document_root(doc);
    if (fy_node_get_type(root) != FYNT_MAPPING)
        yfail(&y, root, "top level must be a mapping");
    void *it = NULL;
    struct fy_node_pair *p;
    while (!y.err && (p = fy_node_mapping_iterate(root, &it)) != NULL) {
        char *k = ykey(p);
        struct fy_node *v = fy_node_pair_value(p);
        if (!k) {
            yfail(&y, fy_node_pair_key(p), "keys must be scalars");
        } else if (!strcmp(k, "format")) {
            free(c->format);
            c->format = yscalar(&y, v, k);
        } else if (!strcmp(k, "output")) {
            free(c->output);
            c->output = yscalar(&y, v, k);
        } else if (!strcmp(k, "severity")) {
            mt_vec list = {0};
            if (ystrlist(&y, v, k, &list) == 0) {
                mt_buf b;
                mt_buf_init(&b);
                for (size_t i = 0; i < list.len; i++)
                    mt_buf_printf(&b, "%s%s", i ? "," : "", (char *)list.items[i]);
                free(c->severity);
                c->severity = mt_buf_steal(&b);
            }
            for (size_t i = 0; i < list.len; i++)
                free(list.items[i]);
            mt_vec_free(&list);
        } else if (!strcmp(k, "exit-code")) {
            char *s = yscalar(&y, v, k);
            char *end = NULL;
            long n = s ? strtol(s, &end, 10) : -1;
            if (!s || *end || n < 0 || n > 255)
                yfail(&y, v, "exit-code must be a number from 0 to 255");
            c->has_exit_code = true;
            c->exit_code = (int)n;
            free(s);
        } else if (!strcmp(k, "ignorefile")) {
            free(c->ignorefile);
            c->ignorefile = yscalar(&y, v, k);
        } else if (!strcmp(k, "quiet")) {
            c->has_quiet = ybool(&y, v, k, &c->quiet) == 0;
        } else if (!strcmp(k, "no-color")) {
            c->has_no_color = ybool(&y, v, k, &c->no_color) == 0;
        } else if (!strcmp(k, "type")) {
            free(c->type);
            c->type = yscalar(&y, v, k);
        } else if (!strcmp(k, "pss")) {
            free(c->pss);
            c->pss = yscalar(&y, v, k);
        } else if (!strcmp(k, "pss-version")) {
            free(c->pss_version);
            c->pss_version = yscalar(&y, v, k);
        } else if (!strcmp(k, "skip-dirs")) {
            ystrlist(&y, v, k, &c->skip_dirs);
        } else if (!strcmp(k, "skip-files")) {
            ystrlist(&y, v, k, &c->skip_files);
        } else if (!strcmp(k, "hadolint-config")) {
            c->has_hadolint = ybool(&y, v, k, &c->hadolint) == 0;
        } else if (!strcmp(k, "rules")) {
            yrules(&y, v, &c->settings);
        } else if (!strcmp(k, "dockerfile")) {
            ydockerfile(&y, v, &c->settings);
        } else {
            yfail(&y, fy_node_pair_key(p), "unknown key '%s'", k);
        }
        free(k);
    }
    yunload(&y, doc);
    if (y.err) {
        *err = y.err;
        return -1;
    }
    return 0;
}

/* ---- .hadolint.yaml ---- */

static const struct {
    const char *name;
    mt_severity sev;
} hl_levels[] = {
    {"error", MT_SEV_HIGH}, {"warning", MT_SEV_MEDIUM}, {"info", MT_SEV_LOW}, {"style", MT_SEV_INFO},
};

int mt_hadolint_load(const char *path, mt_file_settings *s, char **err)
{
    yctx y = {.path = path};
    struct fy_document *doc = yload(&y);
    if (!doc) {
        *err = y.err;
        return -1;
    }
    struct fy_node *root = fy_document_root(doc);
    if (fy_node_get_type(root) != FYNT_MAPPING)
        yfail(&y, root, "top level must be a mapping");
    void *it = NULL;
    struct fy_node_pair *p;
    while (!y.err && (p = fy_node_mapping_iterate(root, &it)) != NULL) {
        char *k = ykey(p);
        struct fy_node *v = fy_node_pair_value(p);
        if (!k) {
            /* ignore */
        } else if (!strcmp(k, "ignored")) {
            ystrlist(&y, v, k, &s->ignored);
        } else if (!strcmp(k, "trustedRegistries") || !strcmp(k, "trusted-registries")) {
            ystrlist(&y, v, k, &s->trusted_registries);
        } else if (!strcmp(k, "failure-threshold") || !strcmp(k, "failureThreshold")) {
            char *t = yscalar(&y, v, k);
            if (t) {
                bool ok = false;
                for (size_t i = 0; i < MT_ARRAY_LEN(hl_levels); i++) {
                    if (!strcasecmp(t, hl_levels[i].name)) {
                        s->fail_threshold = hl_levels[i].sev;
                        ok = true;
                    }
                }
                if (!strcasecmp(t, "ignore") || !strcasecmp(t, "none")) {
                    s->fail_threshold = MT_SEV_COUNT; /* nothing fails */
                    ok = true;
                }
                if (!ok)
                    yfail(&y, v, "failure-threshold '%s' is not one of error, warning, info, "
                                 "style, ignore, none", t);
                free(t);
            }
        } else if (!strcmp(k, "override")) {
            if (fy_node_get_type(v) != FYNT_MAPPING) {
                yfail(&y, v, "override must be a mapping of level to rule list");
            } else {
                void *it2 = NULL;
                struct fy_node_pair *q;
                while (!y.err && (q = fy_node_mapping_iterate(v, &it2)) != NULL) {
                    char *level = ykey(q);
                    mt_severity sev = MT_SEV_UNKNOWN;
                    bool known = false, off = false;
                    for (size_t i = 0; level && i < MT_ARRAY_LEN(hl_levels); i++) {
                        if (!strcasecmp(level, hl_levels[i].name)) {
                            sev = hl_levels[i].sev;
                            known = true;
                        }
                    }
                    if (level && !strcasecmp(level, "ignore"))
                        known = off = true;
                    if (!known) {
                        yfail(&y, fy_node_pair_key(q), "override level '%s' is not one of "
                                                       "error, warning, info, style, ignore",
                              level ? level : "");
                    } else {
                        mt_vec ids = {0};
                        ystrlist(&y, fy_node_pair_value(q), level, &ids);
                        for (size_t i = 0; i < ids.len; i++) {
                            if (off)
                                add_rule_setting(s, ids.items[i], false, MT_SEV_UNKNOWN, 0);
                            else
                                add_rule_setting(s, ids.items[i], true, sev, -1);
                            free(ids.items[i]);
                        }
                        mt_vec_free(&ids);
                    }
                    free(level);
                }
            }
        } else if (!strcmp(k, "label-schema")) {
            ylabel_schema(&y, v, s);
        } else if (!strcmp(k, "strict-labels")) {
            ybool(&y, v, k, &s->strict_labels);
        } else if (!strcmp(k, "disable-ignore-pragma")) {
            ybool(&y, v, k, &s->disable_ignore_pragma);
        }
        /* Other hadolint keys (format, no-color, no-fail, verbose) steer
         * hadolint's own output; moat has its own flags for them. */
        free(k);
    }
    yunload(&y, doc);
    if (y.err) {
        *err = y.err;
        return -1;
    }
    return 0;
}

/* ---- .moatignore ---- */

int mt_parse_date(const char *s, size_t n)
{
    if (n != 10 || s[4] != '-' || s[7] != '-')
        return -1;
    int v[3] = {0};
    const int pos[3][2] = {{0, 4}, {5, 2}, {8, 2}};
    for (int i = 0; i < 3; i++) {
        for (int j = 0; j < pos[i][1]; j++) {
            char c = s[pos[i][0] + j];
            if (c < '0' || c > '9')
                return -1;
            v[i] = v[i] * 10 + (c - '0');
        }
    }
    if (v[1] < 1 || v[1] > 12 || v[2] < 1 || v[2] > 31)
        return -1;
    return v[0] * 10000 + v[1] * 100 + v[2];
}

int mt_ignorefile_parse(const char *path, const char *data, size_t len, mt_vec *ignores, char **err)
{
    size_t pos = 0;
    int lineno = 0;
    while (pos < len) {
        size_t end = pos;
        while (end < len && data[end] != '\n')
            end++;
        lineno++;
        const char *line = data + pos;
        size_t ll = end - pos;
        pos = end + 1;
        /* reason: after '#' */
        const char *hash = memchr(line, '#', ll);
        const char *reason = NULL;
        size_t rlen = 0;
        size_t body = ll;
        if (hash) {
            body = (size_t)(hash - line);
            reason = hash + 1;
            rlen = ll - body - 1;
            while (rlen && isspace((unsigned char)*reason)) {
                reason++;
                rlen--;
            }
            while (rlen && isspace((unsigned char)reason[rlen - 1]))
                rlen--;
        }
        char *copy = mt_xstrndup(line, body);
        char *save = NULL;
        char *id = strtok_r(copy, " \t\r", &save);
        if (!id) {
            free(copy);
            continue;
        }
        mt_ignore_entry *e = mt_xcalloc(1, sizeof(*e));
        e->id = mt_xstrdup(id);
        char origin[512];
        snprintf(origin, sizeof(origin), "%s:%d", path, lineno);
        e->origin = mt_xstrdup(origin);
        if (rlen)
            e->reason = mt_xstrndup(reason, rlen);
        for (char *tok = strtok_r(NULL, " \t\r", &save); tok; tok = strtok_r(NULL, " \t\r", &save)) {
            if (mt_startswith(tok, "exp:")) {
                int d = mt_parse_date(tok + 4, strlen(tok + 4));
                if (d < 0) {
                    mt_buf b;
                    mt_buf_init(&b);
                    mt_buf_printf(&b, "%s:%d: bad expiry '%s' (want exp:YYYY-MM-DD)", path, lineno, tok);
                    *err = mt_buf_steal(&b);
                    free(e->id);
                    free(e->origin);
                    free(e->reason);
                    free(e->glob);
                    free(e);
                    free(copy);
                    return -1;
                }
                e->expires = d;
            } else if (!e->glob) {
                e->glob = mt_xstrdup(tok);
            } else {
                mt_buf b;
                mt_buf_init(&b);
                mt_buf_printf(&b, "%s:%d: unexpected '%s' (want: ID [PATH-GLOB] [exp:YYYY-MM-DD] [# reason])",
                              path, lineno, tok);
                *err = mt_buf_steal(&b);
                free(e->id);
                free(e->origin);
                free(e->reason);
                free(e->glob);
                free(e);
                free(copy);
                return -1;
            }
        }
        free(copy);
        mt_vec_push(ignores, e);
    }
    return 0;
}

int mt_ignorefile_load(const char *path, mt_vec *ignores, char **err)
{
    char *data = NULL;
    size_t len = 0;
    const char *rerr = NULL;
    if (mt_read_file(path, CONFIG_MAX_SIZE, &data, &len, &rerr) != 0) {
        mt_buf b;
        mt_buf_init(&b);
        mt_buf_printf(&b, "%s: cannot read: %s", path, rerr);
        *err = mt_buf_steal(&b);
        return -1;
    }
    int rc = mt_ignorefile_parse(path, data, len, ignores, err);
    free(data);
    return rc;
}
