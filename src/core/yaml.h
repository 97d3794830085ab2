/* yaml.h — small helpers over libfyaml document trees shared by every
 * reader of YAML (configuration, secdb, secret rules): where a node
 * starts, whether a tree holds an alias, and YAML's null.
 *
 * Ownership: nothing is allocated; returned marks and nodes belong to the
 * document. */
#ifndef MOAT_YAML_H
#define MOAT_YAML_H

#include <stdbool.h>

#include <libfyaml.h>

/* A libfyaml diagnostic object that prints nothing and collects errors
 * (fy_diag_errors_iterate()); the caller fy_diag_destroy()s it. NULL when
 * it cannot be made. */
struct fy_diag *mt_yaml_quiet_diag(void);

/* Builds one document from text without printing anything (libfyaml's
 * diagnostics are collected, not written), refusing explicit keys as a
 * parse error (see mt_yaml_hazard(): libfyaml can crash on them), and
 * without resolving aliases
 * (mt_yaml_first_alias() then refuses them). json = true reads the text
 * as JSON. Returns the document, which has a root; or NULL with *empty
 * set when the text holds no document, else with the position (libfyaml's
 * line and column, 0 when unknown) and message of the first error. The
 * caller checks UTF-8 first (mt_utf8_invalid_at()). */
struct fy_document *mt_yaml_load(const char *data, size_t len, bool json, bool *empty, int *line,
                                 int *col, char *msg, size_t msglen);

/* Where node n starts: its own token for a scalar, else its first child's
 * (a collection has no position of its own). NULL when unknown or deeper
 * than 80 levels. */
const struct fy_mark *mt_yaml_mark(struct fy_node *n);

/* The first alias (depth-first) in the tree under n, or NULL. When the
 * tree is nested deeper than max_depth, returns the node where it stopped
 * and sets *too_deep. Aliases are refused rather than expanded, so alias
 * bombs cannot grow. */
struct fy_node *mt_yaml_first_alias(struct fy_node *n, int max_depth, bool *too_deep);

/* Finds what libfyaml 0.7.12 (Debian 12) mishandles in otherwise valid
 * YAML, so that callers refuse the text with a clear error instead: a
 * single-quoted scalar with two '' escapes in a row (libfyaml leaks a buffer
 * of 512 bytes or more per such scalar, so a crafted file can make it
 * allocate many times its size) and explicit keys ("? ", which can make
 * fy_parser_destroy() write through a NULL pointer). Quoted scalars and
 * comments are followed, so these characters inside them are content.
 * Returns NULL, or what was found with its byte offset in *at. */
const char *mt_yaml_hazard(const char *d, size_t len, size_t *at);

/* True when the line starting at p (the text ends at end, or at the line's
 * end) is a document marker: `---` (sets *is_end false) or `...` (true),
 * alone or followed by a blank. is_end may be NULL. */
bool mt_yaml_doc_marker(const char *p, const char *end, bool *is_end);

/* A YAML null: no node, or a plain scalar "", "~", "null", "Null", "NULL". */
bool mt_yaml_is_null(struct fy_node *n);

#endif
