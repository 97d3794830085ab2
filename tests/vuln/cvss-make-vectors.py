#!/usr/bin/python3
"""cvss-make-vectors.py — writes tests/vuln/cvss-v2.tsv, cvss-v3.tsv and
cvss-v4.tsv: CVSS vectors with their base scores, computed here by a second,
independent implementation of the specifications (not a port of
src/vuln/cvss.c: v4.0 composes the highest-severity vectors the way the
specification describes and computes in fractions, v3.x uses the built-in
pow, v2 rounds through decimal). test_vuln_cvss.c checks every line.

  v2, v3.0, v3.1: every base vector (729, 2,592, 2,592), then random
  vectors carrying temporal/environmental metrics in a random order;
  v4.0: for each of the 36 macro vectors a base vector can fall in,
  random vectors of it, then random vectors with threat, environmental and
  supplemental metrics (ignored: the score is CVSS-B), and in a header
  line an FNV-1a digest of the scores of all 104,976 base vectors in
  enumeration order (the unit test enumerates them the same way).

Usage: tests/vuln/cvss-make-vectors.py [OUTDIR]   (default: this directory)
Deterministic (fixed seed): rerunning it rewrites the same files."""

import itertools
import math
import os
import random
import sys
from decimal import ROUND_HALF_UP, Decimal
from fractions import Fraction as F

OUT = sys.argv[1] if len(sys.argv) > 1 else os.path.dirname(os.path.abspath(__file__))
rng = random.Random(20240611)

# ---------------------------------------------------------------- v2 ----
# CVSS v2 guide, section 3.2.1.
V2_BASE = [("AV", "LAN"), ("AC", "HML"), ("Au", "MSN"), ("C", "NPC"), ("I", "NPC"), ("A", "NPC")]
V2_OTHER = {
    "E": ["U", "POC", "F", "H", "ND"], "RL": ["OF", "TF", "W", "U", "ND"],
    "RC": ["UC", "UR", "C", "ND"], "CDP": ["N", "L", "LM", "MH", "H", "ND"],
    "TD": ["N", "L", "M", "H", "ND"], "CR": ["L", "M", "H", "ND"],
    "IR": ["L", "M", "H", "ND"], "AR": ["L", "M", "H", "ND"],
}
V2_W = {
    "AV": {"L": 0.395, "A": 0.646, "N": 1.0}, "AC": {"H": 0.35, "M": 0.61, "L": 0.71},
    "Au": {"M": 0.45, "S": 0.56, "N": 0.704}, "CIA": {"N": 0.0, "P": 0.275, "C": 0.660},
}


def v2_score(m):
    c, i, a = (V2_W["CIA"][m[k]] for k in "CIA")
    impact = 10.41 * (1 - (1 - c) * (1 - i) * (1 - a))
    expl = 20 * V2_W["AV"][m["AV"]] * V2_W["AC"][m["AC"]] * V2_W["Au"][m["Au"]]
    f = 0 if impact == 0 else 1.176
    base = ((0.6 * impact) + (0.4 * expl) - 1.5) * f
    return max(Decimal(0), Decimal(base).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


# -------------------------------------------------------------- v3.x ----
# CVSS v3.0 section 8.1, v3.1 section 7.1 and Appendix A.
V3_BASE = [("AV", "NALP"), ("AC", "LH"), ("PR", "NLH"), ("UI", "NR"), ("S", "UC"),
           ("C", "HLN"), ("I", "HLN"), ("A", "HLN")]
V3_OTHER = {
    "E": "XUPFH", "RL": "XOTWU", "RC": "XURC", "CR": "XLMH", "IR": "XLMH", "AR": "XLMH",
    "MAV": "XNALP", "MAC": "XLH", "MPR": "XNLH", "MUI": "XNR", "MS": "XUC",
    "MC": "XNLH", "MI": "XNLH", "MA": "XNLH",
}
V3_W = {
    "AV": {"N": 0.85, "A": 0.62, "L": 0.55, "P": 0.2}, "AC": {"L": 0.77, "H": 0.44},
    "PRU": {"N": 0.85, "L": 0.62, "H": 0.27}, "PRC": {"N": 0.85, "L": 0.68, "H": 0.5},
    "UI": {"N": 0.85, "R": 0.62}, "CIA": {"H": 0.56, "L": 0.22, "N": 0.0},
}


def roundup_30(x):
    return Decimal(math.ceil(x * 10)) / 10


def roundup_31(x):
    n = round(x * 100000)
    if n % 10000 == 0:
        return Decimal(n // 10000) / 10
    return Decimal(math.floor(n / 10000) + 1) / 10


def v3_score(m, minor):
    changed = m["S"] == "C"
    pr = (V3_W["PRC"] if changed else V3_W["PRU"])[m["PR"]]
    expl = 8.22 * V3_W["AV"][m["AV"]] * V3_W["AC"][m["AC"]] * pr * V3_W["UI"][m["UI"]]
    c, i, a = (V3_W["CIA"][m[k]] for k in "CIA")
    iss = 1 - ((1 - c) * (1 - i) * (1 - a))
    impact = 7.52 * (iss - 0.029) - 3.25 * (iss - 0.02) ** 15 if changed else 6.42 * iss
    if impact <= 0:
        return Decimal(0)
    total = min(1.08 * (impact + expl) if changed else impact + expl, 10)
    return roundup_31(total) if minor == 1 else roundup_30(total)


# -------------------------------------------------------------- v4.0 ----
# CVSS v4.0 specification section 8 (macro vectors, equivalence sets,
# interpolation inside a macro vector).
V4_BASE = [("AV", "NALP"), ("AC", "LH"), ("AT", "NP"), ("PR", "NLH"), ("UI", "NPA"),
           ("VC", "HLN"), ("VI", "HLN"), ("VA", "HLN"), ("SC", "HLN"), ("SI", "HLN"), ("SA", "HLN")]
V4_OTHER = {
    "E": ["X", "A", "P", "U"], "CR": ["X", "H", "M", "L"], "IR": ["X", "H", "M", "L"],
    "AR": ["X", "H", "M", "L"], "MAV": ["X", "N", "A", "L", "P"], "MAC": ["X", "L", "H"],
    "MAT": ["X", "N", "P"], "MPR": ["X", "N", "L", "H"], "MUI": ["X", "N", "P", "A"],
    "MVC": ["X", "H", "L", "N"], "MVI": ["X", "H", "L", "N"], "MVA": ["X", "H", "L", "N"],
    "MSC": ["X", "H", "L", "N"], "MSI": ["X", "S", "H", "L", "N"], "MSA": ["X", "S", "H", "L", "N"],
    "S": ["X", "N", "P"], "AU": ["X", "N", "Y"], "R": ["X", "A", "U", "I"], "V": ["X", "D", "C"],
    "RE": ["X", "L", "M", "H"], "U": ["X", "Clear", "Green", "Amber", "Red"],
}
# Macro-vector scores (specification data, as published with FIRST's
# calculator): "EQ1..EQ6" -> score.
V4_TABLE = dict(zip(
    [f"{a}{b}{c}{d}{e}{f}" for a in "012" for b in "01" for c in "012" for d in "012"
     for e in "012" for f in "01" if not (c == "2" and f == "0")],
    [float(x) for x in """
10 9.9 9.8 9.5 9.5 9.2 10 9.6 9.3 8.7 9.1 8.1 9.3 9 8.9 8 8.1 6.8
9.8 9.5 9.5 9.2 9 8.4 9.3 9.2 8.9 8.1 8.1 6.5 8.8 8 7.8 7 6.9 4.8
9.2 8.2 7.2 7.9 6.9 5 6.9 5.5 2.7
9.9 9.7 9.5 9.2 9.2 8.5 9.5 9.1 9 8.3 8.4 7.1 9.2 8.1 8.2 7.1 7.2 5.3
9.5 9.3 9.2 8.5 8.5 7.3 9.2 8.2 8 7.2 7 5.9 8.4 7 7.1 5.2 5 3
8.6 7.5 5.2 7.1 5.2 2.9 6.3 2.9 1.7
9.8 9.5 9.4 8.7 9.1 8.1 9.4 8.9 8.6 7.4 7.7 6.4 8.7 7.5 7.4 6.3 6.3 4.9
9.4 8.9 8.8 7.7 7.6 6.7 8.6 7.6 7.4 5.8 5.9 5 7.2 5.7 5.7 5.2 5.2 2.5
8.3 7 5.4 6.5 5.8 2.6 5.3 2.1 1.3
9.5 9 8.8 7.6 7.6 7 9 7.7 7.5 6.2 6.1 5.3 7.7 6.6 6.8 5.9 5.2 3
8.9 7.8 7.6 6.7 6.2 5.8 7.4 5.9 5.7 5.7 4.7 2.3 6.1 5.2 5.7 2.9 2.4 1.6
7.1 5.9 3 5.8 2.6 1.5 2.3 1.3 0.6
9.3 8.7 8.6 7.2 7.5 5.8 8.6 7.4 7.4 6.1 5.6 3.4 7 5.4 5.2 4 4 2.2
8.5 7.5 7.4 5.5 6.2 5.1 7.2 5.7 5.5 4.1 4.6 1.9 5.3 3.6 3.4 1.9 1.9 0.8
6.4 5.1 2 4.7 2.1 1.1 2.4 0.9 0.4
8.8 7.5 7.3 5.3 6 5 7.3 5.5 5.9 4 4.1 2 5.4 4.3 4.5 2.2 2 1.1
7.5 5.5 5.8 4.5 4 2.1 6.1 5.1 4.8 1.8 2 0.9 4.6 1.8 1.7 0.7 0.8 0.2
5.3 2.4 1.4 2.4 1.2 0.5 1 0.3 0.1
""".split()]))
assert len(V4_TABLE) == 270

# Highest-severity vectors of each equivalence-set level (Tables 24-30).
V4_MAX = {
    "eq1": {0: ["AV:N/PR:N/UI:N"], 1: ["AV:A/PR:N/UI:N", "AV:N/PR:L/UI:N", "AV:N/PR:N/UI:P"],
            2: ["AV:P/PR:N/UI:N", "AV:A/PR:L/UI:P"]},
    "eq2": {0: ["AC:L/AT:N"], 1: ["AC:H/AT:N", "AC:L/AT:P"]},
    "eq3": {0: {0: ["VC:H/VI:H/VA:H/CR:H/IR:H/AR:H"],
                1: ["VC:H/VI:H/VA:L/CR:M/IR:M/AR:H", "VC:H/VI:H/VA:H/CR:M/IR:M/AR:M"]},
            1: {0: ["VC:L/VI:H/VA:H/CR:H/IR:H/AR:H", "VC:H/VI:L/VA:H/CR:H/IR:H/AR:H"],
                1: ["VC:L/VI:H/VA:L/CR:H/IR:M/AR:H", "VC:L/VI:H/VA:H/CR:H/IR:M/AR:M",
                    "VC:H/VI:L/VA:H/CR:M/IR:H/AR:M", "VC:H/VI:L/VA:L/CR:M/IR:H/AR:H",
                    "VC:L/VI:L/VA:H/CR:H/IR:H/AR:M"]},
            2: {1: ["VC:L/VI:L/VA:L/CR:H/IR:H/AR:H"]}},
    "eq4": {0: ["SC:H/SI:S/SA:S"], 1: ["SC:H/SI:H/SA:H"], 2: ["SC:L/SI:L/SA:L"]},
    "eq5": {0: ["E:A"], 1: ["E:P"], 2: ["E:U"]},
}
# Depth of each level, in 0.1 steps (the "max severity" of the calculator).
V4_DEPTH = {"eq1": [1, 4, 5], "eq2": [1, 2], "eq3eq6": {(0, 0): 7, (0, 1): 6, (1, 0): 8,
            (1, 1): 8, (2, 1): 10}, "eq4": [6, 5, 4]}
# Severity rank of each value, in 0.1 steps.
V4_LEVEL = {"AV": "NALP", "PR": "NLH", "UI": "NPA", "AC": "LH", "AT": "NP",
            "VC": "HLN", "VI": "HLN", "VA": "HLN", "SC": "_HLN", "SI": "SHLN", "SA": "SHLN",
            "CR": "HML", "IR": "HML", "AR": "HML", "E": "APU"}


def v4_score(m):
    m = dict(m, E="A", CR="H", IR="H", AR="H")  # CVSS-B: threat and requirements at default
    if all(m[k] == "N" for k in ("VC", "VI", "VA", "SC", "SI", "SA")):
        return Decimal(0)
    av, pr, ui = m["AV"], m["PR"], m["UI"]
    if av == pr == ui == "N":
        eq1 = 0
    elif "N" in (av, pr, ui) and av != "P":
        eq1 = 1
    else:
        eq1 = 2
    eq2 = 0 if (m["AC"], m["AT"]) == ("L", "N") else 1
    if m["VC"] == "H" and m["VI"] == "H":
        eq3 = 0
    elif "H" in (m["VC"], m["VI"], m["VA"]):
        eq3 = 1
    else:
        eq3 = 2
    eq4 = 0 if "S" in (m["SI"], m["SA"]) else 1 if "H" in (m["SC"], m["SI"], m["SA"]) else 2
    eq5 = "APU".index(m["E"])
    eq6 = 0 if any(m[r] == "H" and m[v] == "H" for r, v in (("CR", "VC"), ("IR", "VI"), ("AR", "VA"))) else 1
    key = lambda *e: "".join(map(str, e))
    value = F(str(V4_TABLE[key(eq1, eq2, eq3, eq4, eq5, eq6)]))

    def look(*e):
        k = key(*e)
        return F(str(V4_TABLE[k])) if k in V4_TABLE else None

    low = {"eq1": look(eq1 + 1, eq2, eq3, eq4, eq5, eq6), "eq2": look(eq1, eq2 + 1, eq3, eq4, eq5, eq6),
           "eq4": look(eq1, eq2, eq3, eq4 + 1, eq5, eq6), "eq5": look(eq1, eq2, eq3, eq4, eq5 + 1, eq6)}
    if (eq3, eq6) == (0, 0):
        cands = [x for x in (look(eq1, eq2, eq3, eq4, eq5, 1), look(eq1, eq2, 1, eq4, eq5, eq6)) if x is not None]
        low["eq3eq6"] = max(cands) if cands else None
    elif (eq3, eq6) in ((0, 1), (1, 1)):
        low["eq3eq6"] = look(eq1, eq2, eq3 + 1, eq4, eq5, eq6)
    elif (eq3, eq6) == (1, 0):
        low["eq3eq6"] = look(eq1, eq2, eq3, eq4, eq5, 1)
    else:
        low["eq3eq6"] = None

    # The first composed highest-severity vector the scored one does not exceed.
    lv = lambda metric, val: V4_LEVEL[metric].index(val)
    chosen = None
    for parts in itertools.product(V4_MAX["eq1"][eq1], V4_MAX["eq2"][eq2], V4_MAX["eq3"][eq3][eq6],
                                   V4_MAX["eq4"][eq4], V4_MAX["eq5"][eq5]):
        mx = dict(p.split(":") for p in "/".join(parts).split("/"))
        dist = {k: lv(k, m[k]) - lv(k, mx[k]) for k in mx if k != "E"}
        if all(d >= 0 for d in dist.values()):
            chosen = dist
            break
    assert chosen is not None
    sd = {"eq1": chosen["AV"] + chosen["PR"] + chosen["UI"], "eq2": chosen["AC"] + chosen["AT"],
          "eq3eq6": sum(chosen[k] for k in ("VC", "VI", "VA", "CR", "IR", "AR")),
          "eq4": chosen["SC"] + chosen["SI"] + chosen["SA"], "eq5": 0}
    depth = {"eq1": V4_DEPTH["eq1"][eq1], "eq2": V4_DEPTH["eq2"][eq2],
             "eq3eq6": V4_DEPTH["eq3eq6"][(eq3, eq6)], "eq4": V4_DEPTH["eq4"][eq4], "eq5": 1}
    parts = [(value - low[k]) * F(sd[k], depth[k]) for k in low if low[k] is not None]
    score = value - (sum(parts) / len(parts) if parts else 0)
    score = min(max(score, F(0)), F(10))
    # half up, exactly
    return Decimal(math.floor(score * 10 + F(1, 2))) / 10


# ------------------------------------------------------------ output ----
def vec(prefix, pairs):
    return prefix + "/".join(f"{k}:{v}" for k, v in pairs)


def every(base):
    for vals in itertools.product(*[v for _, v in base]):
        yield [(k, x) for (k, _), x in zip(base, vals)]


def with_extras(pairs, other):
    """pairs plus a random subset of the other metrics, in a random order."""
    extra = [(k, rng.choice(list(v))) for k, v in other.items() if rng.random() < 0.5]
    allp = pairs + extra
    rng.shuffle(allp)
    return allp


def fmt(d):
    return f"{d:.1f}"


HEAD = "# generated by tests/vuln/cvss-make-vectors.py: do not edit\n"


def write(name, lines):
    with open(os.path.join(OUT, name), "w") as f:
        f.write(HEAD)
        f.writelines(lines)


lines = [f"{vec('', p)}\t{fmt(v2_score(dict(p)))}\n" for p in every(V2_BASE)]
for _ in range(300):
    p = [(k, rng.choice(v)) for k, v in V2_BASE]
    e = with_extras(p, V2_OTHER)
    s = vec("", e)
    lines.append(f"{'(' + s + ')' if rng.random() < 0.2 else s}\t{fmt(v2_score(dict(p)))}\n")
write("cvss-v2.tsv", lines)

lines = []
for minor in (0, 1):
    lines += [f"{vec(f'CVSS:3.{minor}/', p)}\t{fmt(v3_score(dict(p), minor))}\n" for p in every(V3_BASE)]
    for _ in range(300):
        p = [(k, rng.choice(v)) for k, v in V3_BASE]
        lines.append(f"{vec(f'CVSS:3.{minor}/', with_extras(p, V3_OTHER))}\t{fmt(v3_score(dict(p), minor))}\n")
write("cvss-v3.tsv", lines)

# v4.0: the digest of every base vector, then random vectors per macro vector.
h = 0xCBF29CE484222325
n = 0
for p in every(V4_BASE):
    m = dict(p)
    s = v4_score(m)
    n += 1
    h ^= int(s * 10)
    h = (h * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
assert n == 104976


def macro_of(m):
    av, pr, ui = m["AV"], m["PR"], m["UI"]
    eq1 = 0 if av == pr == ui == "N" else 1 if "N" in (av, pr, ui) and av != "P" else 2
    eq2 = 0 if (m["AC"], m["AT"]) == ("L", "N") else 1
    eq3 = 0 if m["VC"] == m["VI"] == "H" else 1 if "H" in (m["VC"], m["VI"], m["VA"]) else 2
    eq4 = 1 if "H" in (m["SC"], m["SI"], m["SA"]) else 2
    return (eq1, eq2, eq3, eq4)


buckets = {}
while len(buckets) < 36 or min(len(v) for v in buckets.values()) < 50:
    p = [(k, rng.choice(v)) for k, v in V4_BASE]
    b = buckets.setdefault(macro_of(dict(p)), [])
    if len(b) < 50:
        b.append(p)
lines = [f"# all-base-digest\t{n}\t{h:016x}\n"]
for mk in sorted(buckets):
    for p in buckets[mk][:40]:
        lines.append(f"{vec('CVSS:4.0/', p)}\t{fmt(v4_score(dict(p)))}\n")
    for p in buckets[mk][40:50]:
        lines.append(f"{vec('CVSS:4.0/', with_extras(p, V4_OTHER))}\t{fmt(v4_score(dict(p)))}\n")
write("cvss-v4.tsv", lines)
