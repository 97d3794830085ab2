#!/usr/bin/env python3
"""rules_index.py — writes the index tables of the orchestration rules (KS,
WL, CP, DR) into docs/rules/README.md from `moat rules --format json`, between
the markers <!-- rules:PREFIX --> and <!-- /rules:PREFIX -->.

    tools/rules_index.py [--check] MOAT

--check exits 1 (and writes nothing) when the file is not what it would
write; tests/cli/test_k8s.py runs it so the index cannot go stale."""
import json
import re
import subprocess
import sys

README = "docs/rules/README.md"


def table(rules):
    out = ["| ID | Severity | Aliases | Title | Default |", "|----|----------|---------|-------|---------|"]
    for r in rules:
        aliases = ", ".join(r["aliases"]) or "—"
        out.append("| [%s](%s.md) | %s | %s | %s | %s |" % (
            r["id"], r["id"], r["severity"], aliases, r["title"].replace("|", "\\|"),
            "on" if r["enabled_by_default"] else "off"))
    return "\n".join(out)


def main():
    args = sys.argv[1:]
    check = "--check" in args
    args = [a for a in args if a != "--check"]
    moat = args[0] if args else "build/moat"
    rules = json.loads(subprocess.run([moat, "rules", "--format", "json"], check=True,
                                      capture_output=True, text=True).stdout)["rules"]
    text = open(README).read()
    new = text
    for prefix in sorted({m.group(1) for m in re.finditer(r"<!-- rules:(\w+) -->", text)}):
        body = table([r for r in rules if r["id"].startswith(prefix)])
        new = re.sub(r"(<!-- rules:%s -->\n)(?:.*?\n)?(<!-- /rules:%s -->)" % (prefix, prefix),
                     lambda m: m.group(1) + body + "\n" + m.group(2), new, flags=re.S)
    if check:
        if new != text:
            print("%s: the rule index is stale; run tools/rules_index.py %s" % (README, moat))
            return 1
        return 0
    open(README, "w").write(new)
    return 0


if __name__ == "__main__":
    sys.exit(main())
