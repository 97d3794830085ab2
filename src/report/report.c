/* report.c — the writer table. */
#include "report/report.h"

#include <stdio.h>
#include <string.h>

static const mt_writer writers[] = {
    {"table", mt_write_table},
    {"json", mt_write_json, mt_prerender_json, mt_json_stream_begin, mt_json_stream_result,
     mt_json_stream_end},
    {"sarif", mt_write_sarif},
    {"junit", mt_write_junit},
    {"cyclonedx", mt_write_cyclonedx},
    {"spdx-json", mt_write_spdx},
};

const mt_writer *mt_writer_find(const char *name)
{
    for (size_t i = 0; i < MT_ARRAY_LEN(writers); i++) {
        if (strcmp(writers[i].name, name) == 0)
            return &writers[i];
    }
    return NULL;
}

void mt_rule_doc_path(const mt_rule *r, char *out, size_t n)
{
    snprintf(out, n, "docs/rules/%s.md", r->id);
}

const char *mt_writer_names(void)
{
    return "table, json, sarif, junit, cyclonedx, spdx-json";
}
