/* cmd_rules.c — `moat rules`: every rule with its aliases and severity. */
#include "cli/cli.h"

#include <jansson.h>
#include <string.h>

#include "core/scan.h"
#include "report/report.h"

int cmd_rules(int argc, char **argv)
{
    const cli_command *self = cli_command_find("rules");
    cli_opts o;
    int rc = cli_parse(self, argc, argv, &o);
    if (rc || o.help) {
        if (!rc)
            cli_print_help(stdout, self);
        cli_opts_free(&o);
        return rc;
    }
    unsigned mask = ~0u;
    const char *format = o.format ? o.format : "table";
    if (strcmp(format, "table") && strcmp(format, "json")) {
        fprintf(stderr, "moat rules: --format is table or json, not '%s'\n", format);
        rc = EXIT_USAGE;
    }
    if (!rc && o.severity)
        rc = cli_severity_mask(o.severity, &mask);
    if (o.paths.len) {
        fprintf(stderr, "moat rules: unexpected argument '%s'\n", (char *)o.paths.items[0]);
        rc = EXIT_USAGE;
    }
    FILE *out = rc ? NULL : cli_open_output(o.output);
    if (!rc && !out)
        rc = EXIT_UNREADABLE;
    if (rc) {
        cli_opts_free(&o);
        return rc;
    }
    size_t na;
    const mt_analyzer *const *an = mt_analyzers(&na);
    json_t *arr = json_array();
    bool color = cli_use_color(out, &o);
    if (!strcmp(format, "table"))
        fprintf(out, "%s%-7s %-9s %-28s %s%s\n", color ? "\033[1m" : "", "ID", "SEVERITY", "ALIASES", "TITLE",
                color ? "\033[0m" : "");
    for (size_t i = 0; i < na; i++) {
        for (size_t j = 0; j < mt_analyzer_nrules(an[i]); j++) {
            const mt_rule *r = an[i]->rule_at(j);
            if (!(mask & (1u << r->severity)))
                continue;
            char doc[64];
            mt_rule_doc_path(r, doc, sizeof(doc));
            if (!strcmp(format, "table")) {
                char aliases[128] = "";
                for (int k = 0; k < MT_MAX_ALIASES && r->aliases[k]; k++) {
                    strncat(aliases, k ? "," : "", sizeof(aliases) - strlen(aliases) - 1);
                    strncat(aliases, r->aliases[k], sizeof(aliases) - strlen(aliases) - 1);
                }
                fprintf(out, "%-7s %-9s %-28s %s%s\n", r->id, mt_severity_name(r->severity),
                        *aliases ? aliases : "-", r->title, r->off_by_default ? " (off by default)" : "");
                continue;
            }
            json_t *jr = json_object();
            json_object_set_new(jr, "id", json_string(r->id));
            json_t *al = json_array();
            for (int k = 0; k < MT_MAX_ALIASES && r->aliases[k]; k++)
                json_array_append_new(al, json_string(r->aliases[k]));
            json_object_set_new(jr, "aliases", al);
            json_object_set_new(jr, "severity", json_string(mt_severity_name(r->severity)));
            json_object_set_new(jr, "type", json_string(r->type));
            json_object_set_new(jr, "title", json_string(r->title));
            json_object_set_new(jr, "description", json_string(r->description));
            json_object_set_new(jr, "remediation", json_string(r->remediation));
            json_object_set_new(jr, "enabled_by_default", json_boolean(!r->off_by_default));
            json_object_set_new(jr, "doc", json_string(doc));
            json_array_append_new(arr, jr);
        }
    }
    if (!strcmp(format, "json")) {
        json_t *root = json_object();
        json_object_set_new(root, "schema_version", json_integer(1));
        json_object_set_new(root, "rules", arr);
        json_dumpf(root, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
        fputc('\n', out);
        json_decref(root);
    } else {
        json_decref(arr);
    }
    if (out != stdout)
        fclose(out);
    cli_opts_free(&o);
    return 0;
}
