#!/usr/bin/env python3
"""gen_osv.py OUT.zip N_RECORDS SOURCES.txt — writes an OSV all.zip of
synthetic Debian records for the matching benchmark (bench/vuln.sh).

Each record has two affected entries (Debian:11 and Debian:12, as real
DEBIAN-CVE records list every release), so N_RECORDS records make
2 * N_RECORDS affected ranges. Package names: the source packages listed in
SOURCES.txt (one per line: the Debian image's) get 400 records each, the
rest are spread over 20,000 made-up names with a long tail, as real feeds
are (a few packages such as linux hold most records). Fixed versions are
spread below and above the image's versions so matching has to compare
every one. Deterministic (seeded)."""
import json
import random
import sys
import zipfile

out, n, sources_file = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rng = random.Random(42)
with open(sources_file) as fh:
    image = [l.split("\t") for l in fh.read().splitlines() if l.strip()]
names = ["pkg%05d" % i for i in range(20000)]
weights = [1.0 / (i + 1) ** 0.8 for i in range(len(names))]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
    k = 0
    for src, ver in image:
        for j in range(400):
            k += 1
            fixed = ver + ("~pre%d" % j if j % 2 else "+deb12u%d" % (j + 1))
            rec = {"id": "BENCH-%07d" % k, "modified": "2026-01-01T00:00:00Z",
                   "summary": "synthetic record %d of %s" % (j, src),
                   "aliases": ["CVE-2099-%06d" % k],
                   "affected": [{"package": {"ecosystem": e, "name": src},
                                 "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": fixed}]}]}
                                for e in ("Debian:11", "Debian:12")]}
            z.writestr(rec["id"] + ".json", json.dumps(rec))
    for name in rng.choices(names, weights, k=max(0, n - k)):
        k += 1
        rec = {"id": "BENCH-%07d" % k, "modified": "2026-01-01T00:00:00Z",
               "summary": "synthetic record %d" % k, "aliases": ["CVE-2099-%06d" % k],
               "affected": [{"package": {"ecosystem": e, "name": name},
                             "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"},
                                                                         {"fixed": "%d.%d-%d" % (rng.randint(0, 9), rng.randint(0, 30), rng.randint(1, 5))}]}]}
                            for e in ("Debian:11", "Debian:12")]}
        z.writestr(rec["id"] + ".json", json.dumps(rec))
print(k, "records,", 2 * k, "affected ranges", file=sys.stderr)
