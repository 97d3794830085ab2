/* fuzz_k8s_manifest.c — libFuzzer harness for the Kubernetes front end: the
 * YAML/JSON stream loader (k8s/manifest.c: document splitting, bounds,
 * aliases, List kinds, Helm comments), the pod-spec model (podspec.c), the
 * workload rules, the PSS controls and the analyses of the whole input set
 * (RBAC, NetworkPolicy), all through the analyzer exactly as `moat config`
 * runs it. Checks: every finding has a rule, a message and a line inside
 * the input (or 0 when unknown). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "core/scan.h"
#include "k8s/pss.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > (1u << 20))
        return 0;
    /* the first byte picks the settings; the rest is the manifest */
    int sel = size ? data[0] : 0;
    const char *text = size ? (const char *)data + 1 : "";
    size_t len = size ? size - 1 : 0;
    /* lines as YAML counts them: \n, \r\n or a lone \r ends one */
    int lines = 1;
    for (size_t i = 0; i < len; i++)
        lines += text[i] == '\n' || (text[i] == '\r' && (i + 1 == len || text[i + 1] != '\n'));
    mt_scan_opts o;
    mt_scan_opts_init(&o);
    o.pss_level = sel % 3;
    o.pss_minor = (sel & 0x80) ? PSS_LATEST : (sel >> 2) % 36;
    mt_report r;
    mt_report_init(&r);
    const char *path = (sel & 0x40) ? "in.json" : "in.yaml";
    if (mt_scan_buffer(&o, path, text, len, "kubernetes", &r) != 0)
        __builtin_trap();
    for (size_t i = 0; i < r.results.len; i++) {
        const mt_result *res = r.results.items[i];
        for (size_t j = 0; j < res->findings.len; j++) {
            const mt_finding *f = res->findings.items[j];
            if (!f->rule || !f->message || !*f->message || f->start_line < 0 || f->start_line > lines)
                __builtin_trap();
        }
    }
    mt_report_free(&r);
    mt_scan_opts_free(&o);
    return 0;
}
