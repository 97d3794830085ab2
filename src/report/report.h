/* report.h — report writers, one per format (table, json, sarif, junit),
 * looked up by name. A writer renders an mt_report to the stream the caller
 * chose; it never decides where output goes and never writes anything else.
 *
 * Ownership: writers only read the report. */
#ifndef MOAT_REPORT_H
#define MOAT_REPORT_H

#include <stdio.h>

#include "core/finding.h"

typedef struct mt_report_opts {
    bool color;             /* ANSI colours (table only) */
    const char *version;    /* tool version for JSON/SARIF */
    int threads;            /* writers that can render on several threads use
                               up to this many (0 = one per CPU) */
} mt_report_opts;

typedef int (*mt_writer_fn)(FILE *out, const mt_report *r, const mt_report_opts *o);

/* Renders one final result ahead of the write, into res->rendered;
 * write() and stream_result() then use that text instead of rendering the
 * result again. Safe to call on several threads at once (for different
 * results). */
typedef void (*mt_prerender_fn)(mt_result *res);

typedef struct mt_writer {
    const char *name;
    mt_writer_fn write;
    mt_prerender_fn prerender; /* NULL: the writer renders everything in write() */
    /* Writers that can write a report result by result, as a scan hands
     * results on (mt_scan_opts.result_next), set these: stream_begin writes
     * what comes before the results; stream_result writes one (and frees
     * its rendering, if any); stream_end writes what follows from the
     * whole report, frees the stream and returns 0 or -1 (write error).
     * write() is the same calls with every result of the report. */
    void *(*stream_begin)(FILE *out, const mt_report_opts *o);
    void (*stream_result)(void *stream, mt_result *res);
    int (*stream_end)(void *stream, const mt_report *r);
} mt_writer;

/* NULL when the format is unknown. */
const mt_writer *mt_writer_find(const char *name);
/* Comma-separated list of format names, for help texts. */
const char *mt_writer_names(void);

int mt_write_table(FILE *out, const mt_report *r, const mt_report_opts *o);
int mt_write_json(FILE *out, const mt_report *r, const mt_report_opts *o);
void mt_prerender_json(mt_result *res);
void *mt_json_stream_begin(FILE *out, const mt_report_opts *o);
void mt_json_stream_result(void *stream, mt_result *res);
int mt_json_stream_end(void *stream, const mt_report *r);
/* SBOMs of the inventory results (other results are left out). */
int mt_write_cyclonedx(FILE *out, const mt_report *r, const mt_report_opts *o);
int mt_write_spdx(FILE *out, const mt_report *r, const mt_report_opts *o);
int mt_write_sarif(FILE *out, const mt_report *r, const mt_report_opts *o);
int mt_write_junit(FILE *out, const mt_report *r, const mt_report_opts *o);

/* Where a rule's documentation lives, relative to the repository root. */
void mt_rule_doc_path(const mt_rule *r, char *out, size_t n);

#endif
