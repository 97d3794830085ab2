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

/* Builds one document from text without printing anything (libfyaml's
 * diagnostics are collected, not written) and without resolving aliases
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

/* A YAML null: no node, or a plain scalar "", "~", "null", "Null", "NULL". */
bool mt_yaml_is_null(struct fy_node *n);

#endif
