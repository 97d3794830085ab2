#!/bin/sh
# make-pairs.sh — regenerates the fixtures deb-pairs.tsv and rpm-pairs.tsv
# of tests/unit/test_vuln_version.c: a few hundred tricky version pairs
# (epochs, tildes, carets, letters, leading zeros, empty segments, long
# digit runs, odd bytes), each with the verdict of the real tool:
#   deb: dpkg --compare-versions A lt B / A eq B  -> -1, 0, 1, or "err"
#        when dpkg refuses a version (exit status 2); a pair whose A starts
#        with '-' is asked as B gt A (dpkg would read A as an option), and
#        one where both do is left out
#   rpm: rpm.vercmp(A, B) in rpm's own Lua       -> -1, 0, 1, or "err"
# Output lines: A<TAB>B<TAB>verdict. The pair list is deterministic (fixed
# seed), so regenerating with the same tools gives the same files.
# Needs python3, dpkg and rpm. Usage: tests/vuln/make-pairs.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

python3 - "$tmp" <<'PY'
import random, sys
out = sys.argv[1]
rnd = random.Random(20240601)
long1 = "1" + "0" * 40
long2 = "1" + "0" * 39 + "1"
deb = ["", "0", "00", "1", "01", "1.0", "1.00", "1.0.0", "1.0-1", "1.0-01",
       "1.0-1.1", "1.0~rc1", "1.0~rc1-1", "1.0~~", "1.0~", "1.0~a", "1.0a",
       "1.0A", "1.0+", "1.0+dfsg", "1.0+dfsg-1", "1.0.", "1.0..1", "1.0-1~bpo1",
       "1.0-1+b1", "1.0-1ubuntu1", "1.0-1ubuntu0.1", "1:1.0", "0:1.0", "2:0.1",
       "1:1.0-1", "10:1", "+1:1.0", "-0:1.0", "-1:1.0", ":1.0", "a:1.0", "1a:1.0",
       "1:", "1.0-", "-1", "1:-1", "2147483647:1", "2147483648:1",
       "99999999999999999999:1", "1:2:3", "1:2:3-4", "1-2-3", "1-2-3-4",
       "a", "abc", "a1", "1.0 ", " 1.0", "1 0", "   ", "1.0\xc3\xa9",
       "1.0-\xc3\xa9", "1.0_1", "1.0@", "1.0.a", "1.0.A", "1.0.~", "1.0.+",
       long1, long2, "1." + long1, "1." + long2, "1.0-" + long1,
       "1.2.3~beta2+git20200101", "1.2.3~beta10", "1.2.3~beta2", "7.88.1-10+deb12u5",
       "7.88.1-10+deb12u12", "2.36-9+deb12u4", "2.36-9+deb12u10", "1.1.1w-0+deb11u1",
       "3.0.11-1~deb12u2", "3.0.11-1", "0.0.0", "000.000", "1.0-0", "1.0-00",
       "1.0-a", "1.0-~", "1.0-1~", "1.0~-1", "9", "10", "1.9", "1.10", "1.09"]
rpm = ["0", "00", "1", "01", "1.0", "1.00", "1.0.0", "1.0-1", "1.0-01",
       "1.0-1.el9", "1.0-1.el9_2", "1.0-1.fc38", "1.0~rc1", "1.0~rc1-1", "1.0~~",
       "1.0~", "1.0^", "1.0^git1", "1.0^git1~pre", "1.0^^", "1.0^~", "1.0~^",
       "1.0a", "1.0A", "1.0+", "1.0.", "1.0..1", "1.0_1", "1.0-", "1:1.0", "0:1.0",
       "00:1.0", "2:0.1", "1:1.0-1", ":1.0", "a:1.0", "1a:1.0", "1:", "-1", "1:-1",
       "1:2:3", "1-2-3", "a", "abc", "a1", "1a", "1.a", "1.A", "1.0 ", " 1.0",
       "1.0\xc3\xa9", "1.0\xc3\xa91", long1, long2, "1." + long1, "1." + long2,
       "1.0-" + long1, "2.34-100.el9_4.2", "2.34-83.el9_3.12", "5.1.8-6.el9_1",
       "5.1.8-9.el9", "1.1.1k-12.el8_9", "3.0.7-27.el9", "3.0.7-28.el9_4",
       "0.0.0", "000.000", "9", "10", "1.9", "1.10", "1.09", "1.0.1", "1.0_rc1",
       "1.0rc1", "1.0.rc1", "1.0-rc1", "alpha", "beta", "1.0alpha", "1.0beta",
       "1.0-0.1", "1.0-0.1.rc1", "~", "^", "~1", "^1", ".", "-", "1..", "..1"]
def generated(n, seps):
    """Versions built from the pieces versions are made of: an optional
    epoch, numeric and alphabetic runs (with leading zeros), the
    separators of the format and its special characters."""
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 5)):
            r = rnd.random()
            if r < 0.55:
                parts.append(str(rnd.choice([0, 1, 2, 9, 10, 11, 99, 100])).zfill(rnd.choice([1, 1, 1, 2])))
            elif r < 0.8:
                parts.append(rnd.choice(["a", "b", "rc", "beta", "git", "z", "A", "dfsg", "deb12u", "el"]))
            else:
                parts.append(rnd.choice(seps))
            if rnd.random() < 0.5:
                parts.append(rnd.choice("."))
        v = "".join(parts).strip(".") or "0"
        if rnd.random() < 0.15:
            v = "%d:%s" % (rnd.choice([0, 1, 2]), v)
        if rnd.random() < 0.5:
            v += "-" + rnd.choice(["1", "0", "2", "1.1", "10", "1~bpo1", "1+b1", "1.el9"])
        out.append(v)
    return out
def pairs(pool, hand, seps):
    ps = list(hand)
    for i in range(len(pool) - 1):
        ps.append((pool[i], pool[i + 1]))
    for v in pool:
        ps.append((v, v))
    gen = generated(600, seps)
    # neighbours in the sorted generated list differ in small ways
    gs = sorted(gen)
    for i in range(len(gs) - 1):
        ps.append((gs[i], gs[i + 1]))
    both = pool + gen
    while len(ps) < 3000:
        ps.append((rnd.choice(both), rnd.choice(both)))
    return ps
deb_hand = [("1.0~rc1", "1.0"), ("1.0", "1.0+b1"), ("1.0~~", "1.0~~a"),
            ("1.0~~a", "1.0~"), ("1.0~", "1.0"), ("1.0", "1.0a"), ("1:0.1", "2.0"),
            ("1.0-1", "1.0-1~"), ("0:1.0", "1.0"), ("1.0", "1.0-0"), ("", "0"),
            ("1.0a", "1.0+"), ("1.0.a", "1.0.0")]
rpm_hand = [("1.0~rc1", "1.0"), ("1.0", "1.0^"), ("1.0^", "1.0^git1"),
            ("1.0^git1", "1.01"), ("1.0^git1~pre", "1.0^git1"), ("1.0", "1.0-1"),
            ("1.0-1", "1.0-2"), ("0:1.0", "1.0"), ("1:1.0", "2.0"), ("1.0a", "1.0.1"),
            ("1.0", "1.0."), ("1.0_1", "1.0.1"), ("", "1"), ("", "")]
for name, pool, hand, seps in (("deb", deb, deb_hand, ["~", "+", "~~", "+b"]),
                               ("rpm", rpm, rpm_hand, ["~", "^", "_", "+"])):
    with open(f"{out}/{name}.in", "wb") as f:
        for a, b in pairs(pool, hand, seps):
            f.write(a.encode("utf-8", "surrogateescape") + b"\t" +
                    b.encode("utf-8", "surrogateescape") + b"\n")
PY

# deb: two dpkg runs per pair (in python: empty fields survive)
python3 - "$tmp/deb.in" "$here/deb-pairs.tsv" <<'PY'
import subprocess, sys
def dpkg(a, op, b):
    return subprocess.run([b"dpkg", b"--compare-versions", a, op, b],
                          stderr=subprocess.DEVNULL).returncode
with open(sys.argv[1], "rb") as f, open(sys.argv[2], "wb") as out:
    for line in f:
        a, b = line.rstrip(b"\n").split(b"\t")
        # dpkg's option parser takes a first version starting with '-' for
        # an option: ask the other way round, and skip pairs of two such
        swap = a.startswith(b"-")
        if swap and b.startswith(b"-"):
            continue
        if swap:
            a, b = b, a
        rc = dpkg(a, b"lt", b)
        if rc == 0:
            v = b"-1"
        elif rc != 1:
            v = b"err"
        else:
            rc = dpkg(a, b"eq", b)
            v = b"0" if rc == 0 else b"1" if rc == 1 else b"err"
        if swap:
            a, b = b, a
            v = {b"-1": b"1", b"1": b"-1"}.get(v, v)
        out.write(a + b"\t" + b + b"\t" + v + b"\n")
PY

# rpm: one rpm run over every pair, in rpm's Lua
cat >"$tmp/rpm.lua" <<LUA
local out = io.open("$here/rpm-pairs.tsv", "wb")
for line in io.lines("$tmp/rpm.in") do
  local a, b = line:match("^([^\t]*)\t([^\t]*)$")
  local ok, r = pcall(rpm.vercmp, a, b)
  local v = "err"
  if ok then if r < 0 then v = "-1" elseif r > 0 then v = "1" else v = "0" end end
  out:write(a, "\t", b, "\t", v, "\n")
end
out:close()
LUA
rpm --eval "%{lua: dofile('$tmp/rpm.lua')}" >/dev/null
wc -l "$here/deb-pairs.tsv" "$here/rpm-pairs.tsv"
