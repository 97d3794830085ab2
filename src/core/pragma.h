/* pragma.h — suppression comments shared by the analyzers of `#`-commented
 * files (Dockerfiles, YAML manifests, Compose files, shell scripts):
 * `moat:ignore=ID[,ID] reason` and Trivy's `trivy:ignore:ID[:exp:YYYY-MM-DD]`
 * (hadolint's pragmas stay in the Dockerfile analyzer).
 *
 * Ownership: suppressions are added to the scan file (mt_inline_ignore_add);
 * nothing is returned. */
#ifndef MOAT_PRAGMA_H
#define MOAT_PRAGMA_H

#include <stddef.h>

#include "core/scan.h"

/* Reads one comment's text (without the '#') and registers what it
 * suppresses for finding start lines first..last. Returns true when the
 * comment was a suppression. */
bool mt_pragma_comment(mt_scan_file *f, const char *text, size_t len, int first, int last);

/* Scans a YAML text for suppression comments. A comment on a line of its
 * own covers the next content line, or the whole document when that line
 * opens a document (so a comment above `apiVersion:` covers the object); a
 * comment after content covers its own line. Honours
 * settings->disable_ignore_pragma. */
void mt_pragma_yaml(mt_scan_file *f);

#endif
