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
