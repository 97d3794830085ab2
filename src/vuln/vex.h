/* vex.h — VEX (Vulnerability Exploitability eXchange) documents: what a
 * supplier or the user states about whether a vulnerability affects a
 * product ("not_affected: the vulnerable code is not in the execute
 * path"), read from OpenVEX JSON (0.2.0, and the 0.0.x forms with string
 * vulnerabilities and products) and from CycloneDX VEX (a CycloneDX JSON
 * document's vulnerabilities[] with an analysis), normalised to one
 * statement model, and the lookup that tells whether a statement decides
 * a finding (vulnerability, package purl).
 *
 * Pure functions over buffers: nothing is opened, printed or kept between
 * calls; every count is bounded.
 *
 * Ownership: every vex_statement and every string and array in it lives
 * in the arena passed to vex_parse(); the mt_vec array is the caller's
 * (mt_vec_free()). Nothing points into the input buffer. */
#ifndef MOAT_VULN_VEX_H
#define MOAT_VULN_VEX_H

#include <stdbool.h>
#include <stddef.h>

#include "core/util.h"

typedef enum { VEX_NOT_AFFECTED, VEX_FIXED, VEX_AFFECTED, VEX_UNDER_INVESTIGATION } vex_status;

typedef struct vex_statement {
    char *vuln_id;          /* OpenVEX vulnerability.name, CycloneDX id */
    char **aliases;         /* OpenVEX vulnerability.aliases, CycloneDX references[].id */
    size_t naliases;
    char **products;        /* purls (or other identifiers) of the packages the statement
                               is about; none = every product */
    char **scopes;          /* parallel to products: for an OpenVEX subcomponent, the
                               product it belongs to ("pkg:oci/app@sha256:..."), else NULL */
    size_t nproducts;
    vex_status status;
    char *justification;    /* as written (OpenVEX or CycloneDX label), may be NULL */
    char *detail;           /* OpenVEX impact_statement (else status_notes), CycloneDX
                               analysis.detail; may be NULL */
    char *action;           /* OpenVEX action_statement, CycloneDX analysis.response
                               joined by ", "; may be NULL */
    char *origin;           /* "FILE#N": the Nth (from 1) statement or vulnerability of FILE */
    const void *match;      /* internal: the products, parsed for vex_lookup() */
} vex_statement;

/* Bounds of one vex_parse() call. */
#define VEX_MAX_SIZE (64u << 20)     /* bytes of the document */
#define VEX_MAX_STATEMENTS 100000    /* statements or vulnerabilities */
#define VEX_MAX_PRODUCTS 10000       /* products (with subcomponents) of one statement */
#define VEX_MAX_ALIASES 1000         /* aliases of one statement */

/* Reads the OpenVEX or CycloneDX VEX JSON document [data, data + len)
 * (path names it in origins and messages) and appends one vex_statement*
 * per statement to out, in document order. Returns 0; or -1 with err set
 * ("PATH: where: what") and nothing appended when the document cannot be
 * trusted whole: not JSON, neither format, a statement without a
 * vulnerability or with an unknown status or justification, an OpenVEX
 * not_affected statement with neither a justification nor an
 * impact_statement, a product that has no identifier or an invalid purl,
 * a bound exceeded.
 *
 * OpenVEX: a product with subcomponents contributes its subcomponents as
 * products, each scoped to that product; one without contributes itself;
 * "@id" is used when it is a purl, else identifiers.purl, else "@id" or
 * identifiers.cpe23 / cpe22 as written (matched as exact strings). The
 * 0.0.x statement-level "subcomponents" list applies to every product.
 * CycloneDX: statements are the vulnerabilities that have an
 * analysis.state (the others are findings, not VEX, and are skipped);
 * not_affected and false_positive are NOT_AFFECTED, resolved and
 * resolved_with_pedigree FIXED, exploitable AFFECTED, in_triage
 * UNDER_INVESTIGATION. Each affects[].ref is resolved to the purl of the
 * component with that bom-ref (metadata.component and nested components
 * included); a BOM-Link ("urn:cdx:SERIAL/VERSION#REF") is resolved by its
 * fragment; a ref that names no component but is itself a purl is taken
 * as one; any other ref is kept as written (it then matches only a
 * package whose purl is that string). affects[].versions is not read. */
int vex_parse(mt_arena *a, const char *data, size_t len, const char *path, mt_vec *out,
              char *err, size_t errlen);

/* The statement that decides whether the finding (vuln_id, or any of its
 * aliases; pkg_purl, the purl of the package it was found in) is
 * affected: the last statement in stmts' order (OpenVEX: later statements
 * supersede earlier ones) whose vulnerability or an alias equals vuln_id
 * or one of the aliases (ASCII case ignored) and that has no products or a
 * product matching pkg_purl. NULL when none does.
 *
 * A product purl matches the package purl when type, namespace and name
 * are the same package (sbom_purl_same_package(): case folded where the
 * type's definition says so, pypi names by their PEP 503 form); when the
 * product has a version, the package has the same one (deb and rpm
 * epochs compared whether written in the version or as an "epoch"
 * qualifier, "0:" as no epoch); every qualifier of the product is in the
 * package's purl with the same value; and the product's subpath, if any,
 * is the package's. A product that is not a purl matches only the same
 * string. Products scoped to a containing product (OpenVEX
 * subcomponents) are matched like the others: moat does not know which
 * product a package came in; vex_lookup_in() checks the scope. */
const vex_statement *vex_lookup(const mt_vec *stmts, const char *vuln_id,
                                const char *const *aliases, size_t naliases,
                                const char *pkg_purl);

/* vex_lookup() for a package found inside the artifact artifact_purl (the
 * image scanned: "pkg:oci/app@sha256:..."; NULL when unknown, which is
 * vex_lookup()). A scoped product then applies only when its scope
 * matches artifact_purl, and an unscoped product matching artifact_purl
 * applies to every package in it (a statement about the whole image). */
const vex_statement *vex_lookup_in(const mt_vec *stmts, const char *vuln_id,
                                   const char *const *aliases, size_t naliases,
                                   const char *pkg_purl, const char *artifact_purl);

/* "not_affected", "fixed", "affected", "under_investigation". */
const char *vex_status_name(vex_status s);

#endif
