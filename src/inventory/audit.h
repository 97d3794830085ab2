/* audit.h — the image configuration audit (what dockle and the CIS Docker
 * Benchmark's image section check): the user the image runs as, secrets in
 * its environment and build history, setuid/setgid and world-writable
 * files, credentials, histories and package caches left in its layers,
 * remote ADDs, port 22, a missing HEALTHCHECK and floating references.
 * Rules are registered with the scan engine (analyzer type "image") so
 * `moat rules`, settings and suppressions treat them like any other.
 *
 * Ownership: the result and its findings live in the report's arena. */
#ifndef MOAT_AUDIT_H
#define MOAT_AUDIT_H

#include "core/scan.h"
#include "image/img.h"
#include "inventory/inv.h"

/* Audits one image into a new result of rep (class config, type image),
 * named `target` as the user named the image. Settings and suppressions
 * come from o. */
void audit_image(const mt_scan_opts *o, const img_image *im, const inv_result *inv,
                 const char *target, mt_report *rep);

#endif
