/* fuzz_k8s_pss.c — libFuzzer harness for the Pod Security Standards
 * evaluator (k8s/pss.h) on hostile manifests: the input is parsed with
 * libfyaml as moat reads YAML (UTF-8 checked first, aliases refused), and
 * the metadata and spec of the document (a Pod) are evaluated at both
 * levels and at several versions. Checks: the counts returned match the
 * lists, and every violation has a check ID and a message. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/util.h"
#include "core/yaml.h"
#include "k8s/pss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20) || mt_utf8_invalid_at((const char *)data, size) != size)
        return 0;
    struct fy_parse_cfg cfg = {.flags = FYPCF_QUIET};
    struct fy_document *doc = fy_document_build_from_string(&cfg, (const char *)data, size);
    if (!doc)
        return 0;
    struct fy_node *root = fy_document_root(doc);
    bool deep = false;
    if (root && fy_node_is_mapping(root) && !mt_yaml_first_alias(root, 64, &deep)) {
        struct fy_node *md = fy_node_mapping_lookup_by_string(root, "metadata", 8);
        struct fy_node *spec = fy_node_mapping_lookup_by_string(root, "spec", 4);
        static const int minors[] = {0, 8, 19, 22, 23, 25, 34, 35, PSS_LATEST};
        for (size_t v = 0; v < sizeof(minors) / sizeof(minors[0]); v++) {
            mt_arena a;
            mt_arena_init(&a);
            mt_vec b = {0}, r = {0};
            int nb = pss_evaluate(&a, md, spec, PSS_BASELINE, minors[v], &b);
            int nr = pss_evaluate(&a, md, spec, PSS_RESTRICTED, minors[v], &r);
            if (nb < 0 || nr < 0 || (size_t)nb != b.len || (size_t)nr != r.len)
                __builtin_trap();
            for (size_t i = 0; i < r.len; i++) {
                const pss_violation *x = r.items[i];
                if (!x->check || !*x->check || !x->message || !*x->message)
                    __builtin_trap();
            }
            mt_vec_free(&b);
            mt_vec_free(&r);
            mt_arena_free(&a);
        }
    }
    fy_document_destroy(doc);
    return 0;
}
