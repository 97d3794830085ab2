/* compose.h — Docker Compose files (the Compose specification; the former
 * version 2 and 3 formats are read the same way, YAML or JSON): the front
 * end that turns each service into the shared workload model (wl.h), so
 * the workload rules judge it, plus what the Compose-only rules need
 * (networks, who depends on whom) and those rules (CP0001...).
 *
 * Reading is bounded: UTF-8 and control characters are checked before
 * libfyaml sees the text, aliases (and `<<` merge keys) are expanded by moat
 * with a budget of CP_ALIAS_NODES nodes and CP_ALIAS_BYTES bytes of scalar
 * text, nesting stops at CP_MAX_DEPTH, a scalar may hold CP_SCALAR_MAX bytes
 * and `extends` copies at most CP_ALIAS_NODES keys per file. A file that
 * breaks a bound, has a duplicate key, or is not YAML gives one CP0001
 * problem instead of services; smaller shape errors (a list field that is
 * not a list) give a problem each and the rest is still read. Documents of
 * a multi-document file are read one after another (not merged).
 *
 * Interpolation (${VAR}, ${VAR:-default}, $VAR) is not performed: values
 * are kept as written. A value that is nothing but one variable reference
 * is unknown until run time and is left out of the model (NULL string,
 * WL_UNSET, no mount or port), so no rule can flag it.
 *
 * Ownership: cp_parse() allocates the cp_file's contents (workloads,
 * strings, problems) from the caller's arena; cp_file_free() releases the
 * vectors' arrays (and each workload's, wl_workload_free()). Nothing else
 * is allocated and nothing is printed. */
#ifndef MOAT_COMPOSE_H
#define MOAT_COMPOSE_H

#include <stdbool.h>
#include <stddef.h>

#include "core/finding.h"
#include "core/util.h"
#include "workload/wl.h"

#define CP_MAX_DEPTH 64                 /* nesting of collections, aliases included */
#define CP_ALIAS_NODES 100000           /* nodes copied while expanding aliases */
#define CP_ALIAS_BYTES (16u << 20)      /* scalar bytes copied while expanding aliases */
#define CP_SCALAR_MAX (1u << 20)        /* bytes in one scalar */

/* A reason the file (or part of it) could not be read as Compose: CP0001. */
typedef struct cp_problem {
    wl_loc loc;
    const char *msg;
} cp_problem;

/* A top-level network definition. */
typedef struct cp_network {
    const char *name;
    wl_loc loc;          /* its key */
    wl_tri internal;     /* internal: true/false; WL_UNSET when absent or a variable */
    bool external;       /* external: true (made outside this file: its settings are unknown) */
    bool variable;       /* internal or external is a variable: unknown until run time */
} cp_network;

/* A service: its workload model plus what the Compose rules need. */
typedef struct cp_service {
    wl_workload *w;              /* kind "service", name = the service key, one container
                                    (role "service", name = the service key) */
    wl_str network_mode;         /* as written; value NULL when absent (or only a variable) */
    mt_vec networks;             /* wl_str*: networks the service joins (list items or
                                    mapping keys), in file order */
    bool has_networks;           /* a `networks:` key is present */
    mt_vec uses;                 /* wl_str*: services it names in depends_on and links */
    bool has_expose;             /* a non-empty `expose:` list */
    const char *extends;         /* service it extends in this file, NULL when none */
} cp_service;

typedef struct cp_file {
    mt_vec services;  /* cp_service*, in file order (documents one after another) */
    mt_vec networks;  /* cp_network*, in file order */
    mt_vec problems;  /* cp_problem*: every CP0001, in file order */
    int documents;    /* YAML documents read */
} cp_file;

/* Parses a Compose file (YAML, or JSON when the text starts with `{` and is
 * valid JSON). Always fills *out (zeroed first); problems go to
 * out->problems. */
void cp_parse(mt_arena *a, const char *data, size_t len, cp_file *out);
void cp_file_free(cp_file *f);

/* True when s is exactly one variable reference: $NAME, ${NAME} or
 * ${NAME<op>word} with op one of :- - :? ? :+ + (word may nest ${...}). */
bool cp_only_variable(const char *s);

/* Detection (the analyzer uses these): Compose file names
 * (compose.yaml, docker-compose.override.yml, ...); *.yaml and *.yml; and
 * a content check without parsing: a top-level `services:` mapping in
 * which some service has image, build or extends (so a Helm values file
 * with a `services:` key is not taken), and not a Kubernetes object
 * (apiVersion and kind at the top level); for JSON, a "services" object
 * and no "apiVersion". */
bool cp_match_name(const char *path);
bool cp_maybe_name(const char *path);
bool cp_sniff(const char *data, size_t len);

/* The Compose rules (IDs CP0001..., type "compose"), in ID order. */
const mt_rule *cp_rules(size_t *n);

#endif
