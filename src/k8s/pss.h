/* pss.h — Kubernetes Pod Security Standards: evaluates a pod (or a pod
 * template) against the Baseline or Restricted level exactly as the Pod
 * Security admission defines that level at a given Kubernetes minor
 * version (v1.0 .. latest), check by check.
 *
 * Input is a libfyaml tree the caller parsed (after mt_utf8_invalid_at()
 * and with aliases refused, as src/vuln/secdb.c does); only fixed paths
 * are read, nothing recurses.
 *
 * Ownership: violations and their messages are allocated from the caller's
 * arena; `node` points into the caller's document. */
#ifndef MOAT_K8S_PSS_H
#define MOAT_K8S_PSS_H

#include <libfyaml.h>

#include "core/util.h"

typedef enum { PSS_BASELINE = 1, PSS_RESTRICTED = 2 } pss_level;

/* "latest": every control of the newest version this code knows */
#define PSS_LATEST 1000

/* One violated control: the check ID as the admission names it
 * ("privileged", "hostNamespaces", "capabilities_baseline", "runAsNonRoot",
 * "seccompProfile_restricted", ...), a message naming the offending field
 * and value, and the node where it is (or its nearest parent) for line
 * numbers (NULL only when the pod has no spec at all). */
typedef struct pss_violation {
    const char *check;
    char *message;
    struct fy_node *node;
} pss_violation;

/* Evaluates a pod's metadata and spec (the nodes of a Pod, or of a
 * template: metadata + spec; either may be NULL) at `level` and minor
 * version `minor` (0..N for v1.0..v1.N; PSS_LATEST for the newest).
 * Appends pss_violation* (arena) to out. Returns how many it appended. */
int pss_evaluate(mt_arena *a, struct fy_node *metadata, struct fy_node *spec, pss_level level,
                 int minor, mt_vec *out);

/* Parses "v1.25" / "latest" into a minor version (PSS_LATEST for
 * "latest"); -1 when invalid. */
int pss_parse_version(const char *s);

#endif
