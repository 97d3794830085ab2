#!/usr/bin/python3
"""lang_pairs.py — the version pairs of make-lang-pairs.sh, one ecosystem at
a time: python3 lang_pairs.py ECOSYSTEM OUT writes OUT as A<TAB>B lines.

Each list is deterministic (a fixed seed per ecosystem) and made of
  - hand-picked pairs naming a rule of the ecosystem each,
  - neighbours in a pool of tricky versions, and every pool version
    against itself,
  - random pairs from the pool,
  - random versions built from the ecosystem's own vocabulary (numbers,
    separators, qualifiers), each against a small mutation of itself
    (a number changed, ".0" or "-0" added, a separator swapped, letters
    upper-cased), which is where orderings disagree when they do.
Only printable ASCII and a few UTF-8 characters are used: the oracles read
text, and every version must survive the round trip unchanged.
"""
import random
import sys

LONG = "9" * 25
BIG = "1" + "0" * 30


def mutate(rnd, v, seps, words):
    """A small edit of v."""
    k = rnd.randrange(9)
    if k == 0:
        return v + rnd.choice(seps) + "0"
    if k == 1:
        return v + rnd.choice(seps) + rnd.choice(words)
    if k == 2: # ASCII only: the comparators fold no other letters
        return "".join(c.upper() if c.isascii() else c for c in v)
    real = [s for s in seps if s]
    if k == 3 and len(real) > 1 and any(s in v for s in real):
        a = rnd.choice([s for s in real if s in v])
        return v.replace(a, rnd.choice([s for s in real if s != a]), 1)
    if k == 4:
        # bump or drop the last digit run
        i = len(v)
        while i and not v[i - 1].isdigit():
            i -= 1
        j = i
        while j and v[j - 1].isdigit():
            j -= 1
        if i > j:
            n = int(v[j:i])
            n = n + rnd.choice([-1, 1]) if n else 1
            return v[:j] + str(n) + v[i:]
        return v + "1"
    if k == 5 and len(v) > 1:
        i = rnd.randrange(1, len(v))
        return v[:i] + v[i + 1:]
    if k == 6:
        i = rnd.randrange(len(v) + 1)
        return v[:i] + rnd.choice(seps + ["0", "1"]) + v[i:]
    if k == 7:
        return v.replace("0", "00", 1) if "0" in v else "0" + v
    return v + rnd.choice(words)


def build(rnd, pool, hand, gen, seps, words, total):
    ps = list(hand)
    for i in range(len(pool) - 1):
        ps.append((pool[i], pool[i + 1]))
    for v in pool:
        ps.append((v, v))
    n_random = (total - len(ps)) // 3
    for _ in range(n_random):
        ps.append((rnd.choice(pool), rnd.choice(pool)))
    while len(ps) < total:
        v = gen(rnd) if rnd.random() < 0.7 else rnd.choice(pool)
        w = mutate(rnd, v, seps, words)
        ps.append((v, w) if rnd.random() < 0.5 else (w, v))
    # drop what cannot be written as one line of two fields
    return [(a, b) for a, b in ps if not any(c in a + b for c in "\t\n\r\x00")]


def rand_join(rnd, parts, seps, lo, hi):
    n = rnd.randint(lo, hi)
    out = rnd.choice(parts)
    for _ in range(n - 1):
        out += rnd.choice(seps) + rnd.choice(parts)
    return out


# ---- Maven ------------------------------------------------------------------

def maven(rnd):
    quals = ["alpha", "a", "beta", "b", "milestone", "m", "rc", "cr", "snapshot",
             "ga", "final", "release", "sp", "foo", "xyz", "A", "RC", "CR", "Final",
             "SNAPSHOT", "SP", "GA", "Alpha", "M", "B", "z", "pre", "dev", "\u00e9"]
    nums = ["0", "1", "2", "3", "9", "10", "01", "00", "000", "123456789",
            "999999999", "1000000000", "2147483647", "2147483648", "9223372036854775807",
            "9223372036854775808", LONG, BIG]
    pool = ["", "0", "1", "1.0", "1.0.0", "1-0", "1.0-0", "1.", "1-", "1..", "1--",
            ".1", "-1", "..1", "--1", ".", "-", "1.0.0.0.0.0", "1-0-0", "1.0-0.0",
            "1-alpha", "1.0-alpha", "1alpha", "1-alpha1", "1-a1", "1a1", "1-a-1",
            "1.a1", "1.0a1", "1-alpha-1", "1-alpha.1", "1-alpha1.0", "1.0-alpha-1-0",
            "1-b1", "1-beta", "1-beta-1", "1-m1", "1-milestone-1", "1-rc1", "1-RC1",
            "1-cr1", "1-CR1", "1-rc", "1-cr", "1-snapshot", "1-SNAPSHOT", "1.0-SNAPSHOT",
            "1.0.0-SNAPSHOT", "1-ga", "1-GA", "1-final", "1.0.Final", "1.0.FINAL",
            "1-release", "1.RELEASE", "1-sp", "1-sp1", "1-SP1", "1-sp-1", "1-foo",
            "1-foo1", "1-foo-1", "1.foo", "1foo", "1-xyz", "1-z", "1-a", "1-b", "1-m",
            "1-a-b", "1-ab", "1-abc", "1-1", "1-1-1", "1.1", "1.1.1", "1-1.1",
            "1.0.1", "1.0-1", "1-0.1", "1.0.0-1", "1.2.3", "1.2.3-4", "1.2.3.4",
            "1.2.3-alpha-4", "1.2.3-beta.1", "2.0", "2.0.0", "2-0", "2.0-rc1",
            "2.0.0-M1", "2.0.0-M2", "2.0.0.M1", "2.0.0.RC1", "2.0.0-RC1", "2.0.0.RELEASE",
            "5.3.10.RELEASE", "5.3.10", "3.0.0-beta-1", "3.0.0-beta1", "3.0.0-beta-2",
            "1.0.0.Final", "1.0.0.CR1", "1.0.0.Beta1", "1.0.0.Alpha1", "2.17.1",
            "2.17.0", "2.15.0-rc1", "2.15.0-rc2", "9.4.43.v20210629", "9.4.44.v20210927",
            "20030203.000129", "1.0-20201231.235959-1", "1.0-20210101.000000-2",
            "1_0", "1+0", "1~0", "1 0", "1.0+build", "1.0-alpha+b", "1.0_rc1",
            "a", "alpha", "b", "ga", "sp", "snapshot", "foo", "A", "1.0.\u00e9",
            "1" + "." * 3 + "1", LONG, BIG, "1." + LONG, "1-" + LONG, LONG + "-1",
            "1.0." + BIG, "0.0.0.1", "0.0.0-1", "0-0-0", "0.a", "0-a", "0a",
            "1.0.0.0-0.0.0", "1-0.0-0", "1.0-0-alpha", "1.0-0.alpha", "1-a.b.c",
            "1.ga", "1.ga.1", "1-ga-1", "1.final-1", "1.0.0.0", "1-sp.1", "1-sp-0",
            "1.0-SP", "1.0-sp", "1.0sp", "1.0-sp.0", "1-rc-1", "1-rc.1",
            "1.m", "1.m1", "1.M1", "1-m-1", "1a", "1b", "1m", "1a-1", "1b-1", "1m-1"]
    hand = [("1", "1.0"), ("1.0", "1-0"), ("1-alpha", "1"), ("1-snapshot", "1"),
            ("1-rc", "1-snapshot"), ("1-cr", "1-rc"), ("1-sp", "1"), ("1-foo", "1-sp"),
            ("1-a1", "1-alpha-1"), ("1-ga", "1"), ("1-final", "1-release"),
            ("1.0.0.X1", "1.0.0-X2"), ("1-1", "1.1"), ("1-1", "1-sp"),
            ("1.0.0-SNAPSHOT", "1.0.0"), ("2.0.0-M1", "2.0.0-RC1")]
    seps = [".", "-", ""]

    def gen(r):
        parts = [r.choice(nums) if r.random() < 0.6 else r.choice(quals)
                 for _ in range(r.randint(1, 6))]
        out = parts[0]
        for p in parts[1:]:
            out += r.choice(seps) + p
        return out
    return build(rnd, pool, hand, gen, seps, quals, 3200)


# ---- PyPI (PEP 440) ---------------------------------------------------------

def pypi(rnd):
    pool = ["", "0", "1", "1.0", "1.0.0", "1.0.0.0", "01", "1.00", "1.01", "1.1",
            "1.10", "1.9", "v1.0", "V1.0", " 1.0 ", "\x0b1.0\x0c", "\u00a01.0\u3000",
            "\x1c1.0", "1.0\u2003", "1.0 .post1", "1 .0", "0!1.0", "1!1.0", "1!0.1",
            "01!1.0", "!1.0", "1!", "1.0a", "1.0a0", "1.0a1", "1.0A1", "1.0alpha1",
            "1.0.alpha.1", "1.0-alpha-1", "1.0_alpha_1", "1.0alpha", "1.0a.1",
            "1.0b1", "1.0beta1", "1.0-beta.2", "1.0c1", "1.0rc1", "1.0RC1", "1.0pre1",
            "1.0preview1", "1.0-pre", "1.0.c", "1.0rc", "1.0rc10", "1.0rc9",
            "1.0.post1", "1.0post1", "1.0-post1", "1.0_post1", "1.0.post", "1.0-1",
            "1.0-01", "1.0.rev1", "1.0r1", "1.0-r", "1.0rev", "1.0.post-", "1.0a.",
            "1.0.dev.", "1.0.dev0", "1.0.dev1", "1.0dev", "1.0-dev-1", "1.0_dev_1",
            "1.0a1.dev1", "1.0a1.post1", "1.0a1.post1.dev1", "1.0a1-1", "1.0a-1",
            "1.0a.-1", "1.0a--1", "1.0a-.post1", "1.0rcr1", "1.0.post1.dev1",
            "1.0.post1.dev0", "1.0.post0", "1.0.post0.dev1", "1.0-1.dev1", "1.0+local",
            "1.0+1", "1.0+01", "1.0+abc.1", "1.0+abc.2", "1.0+abc-1", "1.0+abc_1",
            "1.0+ABC", "1.0+1.abc", "1.0+abc.abc", "1.0+1.1", "1.0+1.0", "1.0+0",
            "1.0+", "1.0+a..b", "1.0+a.", "1.0+.a", "1.0+ubuntu.1", "1.0+ubuntu1",
            "1.0.post1+local", "1.0a1+local", "1.0.dev1+local", "1.0.0+local",
            "1.0-", "1.0.", "1..0", ".1", "1.0a1a1", "1.0post1post2", "1.0.dev1.dev2",
            "1.0.dev1.post1", "1.0.dev1a1", "1.0prev1", "1.0rc1c1", "a", "dev",
            "1.0 a1", "1.0\u00e9", "1.0.x", "1.0.*", LONG, "1." + LONG, BIG + ".0",
            "1.0.post" + LONG, "1.0a" + LONG, "1.0+" + LONG, "1!" + LONG,
            "2.31.0", "2.4.0", "2.0.0rc1", "23.0", "2023.1", "2023.01.01",
            "0.0.0", "0.0.0.dev0", "0.0.0a0", "1.0.0a0.dev0", "1.0a0.dev0",
            "1.0b0", "1.0rc0", "1.0c0", "1.0.0.post0", "1.0.0-0", "1.0.0-00",
            "1.0.dev", "1.0.DEV", "1.0.Post1", "1.0.POST1", "1.0rEv1", "1.0-R1",
            "1.0.postdev", "1.0.post.dev", "1.0a.dev", "1.0adev", "1.0a1dev"]
    hand = [("1.0.dev1", "1.0a1"), ("1.0a1", "1.0b1"), ("1.0b1", "1.0rc1"),
            ("1.0rc1", "1.0"), ("1.0", "1.0.post1"), ("1.0.post1.dev1", "1.0.post1"),
            ("1.0", "1.0.post1.dev1"), ("1.0a1.dev1", "1.0a1"), ("1.0a1", "1.0a1.post1"),
            ("1.0", "1.0.0"), ("1.0", "1.0+local"), ("1.0+abc", "1.0+1"),
            ("1.0+abc.1", "1.0+abc.1.1"), ("1!0.1", "2.0"), ("1.0c1", "1.0rc1"),
            ("1.0-1", "1.0.post1"), ("1.0.dev1", "1.0"), ("1.0.post1", "1.1.dev1")]
    seps = [".", "-", "_", ""]
    words = ["a", "b", "c", "rc", "alpha", "beta", "pre", "preview", "post", "rev",
             "r", "dev", "A", "Post", "DEV", "x"]
    nums = ["0", "1", "2", "9", "10", "01", "00", "123", LONG]

    def gen(r):
        v = ("v" if r.random() < 0.05 else "") + (r.choice(nums) + "!" if r.random() < 0.1 else "")
        v += ".".join(r.choice(nums) for _ in range(r.randint(1, 4)))
        for lab in (["a", "b", "c", "rc", "alpha", "beta", "pre", "preview"],
                    ["post", "rev", "r", "-"], ["dev"]):
            if r.random() < 0.35:
                w = r.choice(lab)
                if w == "-":
                    v += "-" + r.choice(nums)
                    continue
                if r.random() < 0.2:
                    w = w.upper()
                v += r.choice(seps) + w
                if r.random() < 0.8:
                    v += r.choice(seps) + r.choice(nums)
        if r.random() < 0.15:
            v += "+" + rand_join(r, ["1", "01", "abc", "ubuntu", "x9", "0"], [".", "-", "_"], 1, 3)
        return v
    return build(rnd, pool, hand, gen, seps, words, 3200)


# ---- RubyGems ---------------------------------------------------------------

def gem(rnd):
    pool = ["", " ", "0", "00", "1", "1.0", "1.0.0", "01", "1.00", "1.01", "1.1",
            "1.9", "1.10", " 1.0", "1.0 ", "\x0b1.0\x0c", "1.0\x0c", "1.0a", "1.0.a",
            "1.0.A", "1.0.a1", "1.0.a.1", "1.0.a.0", "1.0.a.0.0", "1.0.0.a",
            "1.0.b", "1.0.rc1", "1.0.rc.1", "1.0.pre", "1.0.pre1", "1.0-pre",
            "1.0-1", "1.0-a", "1.0-a-b", "1.0--1", "1--", "1-", "1.0-", "1.0-.a",
            "1.0-a.", "1.0-a..b", "1.0.", "1..0", ".1", "a", "a1", "1a", "1a1",
            "1.a", "1.a.0", "1.0.0.0.0", "1.0.0.1", "1.0.0.0.a", "1.0.a.1.0",
            "1.0.a.0.1", "1.0.0a", "1.0.0.a", "1.2.3", "1.2.3.4", "1.2.3-4",
            "1.2.3.pre.4", "2.0.0.beta1", "2.0.0.beta.1", "2.0.0.beta2",
            "2.0.0.beta10", "2.0.0.rc1", "2.0.0", "2.0.0.1", "6.1.7.3", "7.0.4",
            "7.0.0.alpha2", "7.0.0.rc3", "1.0.Z", "1.0.z", "1.0.aa", "1.0.ab",
            "1.0.a.b", "1.0.ab.0", "1.0_1", "1.0+1", "v1.0", "1.0 1", "1,0",
            "1.0.\u00e9", LONG, "1." + LONG, "1.0." + LONG + "a", BIG, "0.0.0.a",
            "0.a", "0.0.a", "0", "0.0", "1.0.0.pre.pre", "1.pre.pre", "1.0.0-pre-pre",
            "1-pre", "1-0", "1-0-0", "1.0-0", "1.0-00", "1-A", "1-Z", "1-a1b2",
            "1.a1b2", "1.0a1b2c3", "1.0.0.0.0.0.0.0.0.1", "1.0.0.0.0.0.0.0.0.a"]
    hand = [("1.0.a", "1.0"), ("1.0.a", "1.0.b"), ("1.0", "1.0.0"), ("1.0.a1", "1.0.a.1"),
            ("1.0-1", "1.0.pre.1"), ("1.0.a.0", "1.0.a"), ("1.0.0.a", "1.a"),
            ("1.0.A", "1.0.a"), ("1.0.1", "1.0.a"), ("", "0"), (" ", "0.0")]
    seps = [".", "-", ""]
    words = ["a", "b", "pre", "rc", "alpha", "beta", "A", "Z", "z", "x"]
    nums = ["0", "1", "2", "9", "10", "01", "00", LONG]

    def gen(r):
        v = r.choice(nums[:-1])
        for _ in range(r.randint(0, 5)):
            v += r.choice([".", ".", "-", ""]) + (r.choice(nums) if r.random() < 0.6 else r.choice(words))
        return v
    return build(rnd, pool, hand, gen, seps, words, 2400)


# ---- Composer (Packagist) ---------------------------------------------------

def composer(rnd):
    pool = ["", "1", "1.0", "1.0.0", "1.0.0.0", "1.0.0.0.0", "v1.0", "V1.0", "v1.0.0",
            "1.2.3", "1.2.3.4", "01.02", "1.02", "123456", "12345", "123456.1",
            "1.0-dev", "1.0.x-dev", "1.x-dev", "1.*-dev", "1.X-dev", "v1.x-dev",
            "1.2.x-dev", "1.2.3.x-dev", "1.2.3.4.x-dev", "dev-master", "dev-1.0",
            "master", "trunk", "default", "Dev-foo", "foo-dev", "1.0.x", "1.0-x-dev",
            "1.0-alpha", "1.0-alpha1", "1.0-alpha.1", "1.0alpha1", "1.0.alpha1",
            "1.0-a1", "1.0a1", "1.0-A1", "1.0-beta", "1.0-beta1", "1.0-b1", "1.0b2",
            "1.0-Beta1", "1.0-BETA1", "1.0-RC", "1.0-RC1", "1.0-rc1", "1.0rc1",
            "1.0-RC1-dev", "1.0-rc.1", "1.0-patch", "1.0-patch1", "1.0-pl1",
            "1.0-p1", "1.0p1", "1.0-p", "1.0.p1", "1.0-stable", "1.0-STABLE",
            "1.0-Stable", "1.0-stable1", "1.0-STABLE1", "1.0-stable-dev",
            "1.0-alpha1-dev", "1.0-beta-dev", "1.0-bdev", "1.0-pdev", "1.0-rcdev",
            "1.0.-dev", "1.0-", "1.0.", "1.0_", "1.0_alpha", "1.0_dev", "1.0.dev",
            "1.0dev", "1.0-DEV", "1.0-beta1.2", "1.0-beta.1.2", "1.0-beta1-2",
            "1.0-beta1.2.3.4", "1.0-beta-1", "1.0+build", "1.0+build.1",
            "1.0-beta1+build", "1.0 as 2.0", "1.0@dev", "1.0@stable", "1.0@beta",
            "1.0-beta@dev", "1.0\n@dev", "1.0+abc\n@dev", " 1.0 ", "\x0b1.0",
            "1.0 ", "1.0\x0b", "\x0c1.0", "2010-01-02", "2010.01.02", "2010-01-02.5",
            "20100102", "20100102-dev", "2010-01-02-beta1", "2010.01.02.10.15",
            "2010-01", "2010-1-2", "2010:01:02", "2010.01-.dev", "201001021530",
            "2010010215301", "20100102153012345", "1.2.3.4-patch1", "1.2.3.4-dev",
            "1.0.0-dev", "1.0.0.0-dev", "1.x-dev", "1.9999999.9999999.9999999",
            "99999", "100000", "1.99999999999999999999", "1.99999999999999999998",
            "1.9223372036854775807", "1.9223372036854775808", "a", "1.a", "1.0.a",
            "1.0-foo", "1.0-alpha-beta", "1.0-alphabeta", "1.0-gamma", "x.y",
            "1.0.0-alpha-1", "1.0.0-alpha.beta", "1.0-alpha1.dev", "1.0-a.dev",
            "1.x -dev", "foo\n1.x-dev", "1.0--dev", "1.0-.dev", "1.0.x-Dev",
            "4.4.0", "4.4.10", "5.0.0-RC1", "5.0.0", "2.0.0-beta1", "v2.3.4"]
    hand = [("1.0-dev", "1.0-alpha"), ("1.0-alpha", "1.0-beta"), ("1.0-beta", "1.0-RC"),
            ("1.0-RC", "1.0"), ("1.0", "1.0-patch1"), ("1.0", "1.0.0.0"), ("v1.0", "1.0"),
            ("1.0-beta2", "1.0-beta10"), ("1.0-alpha1-dev", "1.0-alpha1"),
            ("1.x-dev", "1.9999999"), ("1.0-STABLE", "1.0-dev")]
    seps = [".", "-", "_", ""]
    words = ["alpha", "a", "beta", "b", "RC", "rc", "patch", "pl", "p", "stable", "dev",
             "-dev", "x", "A", "Beta"]
    nums = ["0", "1", "2", "9", "10", "01", "00", "99999", LONG]

    def gen(r):
        v = ("v" if r.random() < 0.1 else "") + ".".join(r.choice(nums) for _ in range(r.randint(1, 4)))
        if r.random() < 0.5:
            v += r.choice(seps) + r.choice(words[:10])
            if r.random() < 0.6:
                v += r.choice(["", ".", "-"]) + r.choice(nums[:7])
        if r.random() < 0.25:
            v += r.choice(["-dev", ".dev", "dev"])
        return v
    return build(rnd, pool, hand, gen, seps, words, 2400)


# ---- Go modules (SemVer with 'v') -------------------------------------------

def golang(rnd):
    pool = ["v0.0.0", "v0.0.1", "v0.1.0", "v1.0.0", "v1.0.1", "v1.1.0", "v1.2.3",
            "v1.2.4", "v1.10.0", "v2.0.0", "v2.0.0+incompatible", "v2.1.0+incompatible",
            "v0.0.0-20190101000000-abcdef123456", "v0.0.0-20210101000000-abcdef123456",
            "v0.0.0-20210101000001-000000000000", "v1.2.4-0.20210101000000-abcdef123456",
            "v1.2.4-0.20220101000000-abcdef123456", "v1.2.3-pre", "v1.2.3-pre.0.20210101000000-abcdef123456",
            "v1.2.3-pre.1", "v1.2.3-rc.1", "v1.2.3-rc.1.0.20210101000000-abcdef123456",
            "v1.2.3-rc.2", "v1.3.0-0.20210101000000-abcdef123456", "v2.0.0-20190101000000-abcdef123456",
            "v1.0.0-alpha", "v1.0.0-alpha.1", "v1.0.0-alpha.beta", "v1.0.0-beta",
            "v1.0.0-beta.2", "v1.0.0-beta.11", "v1.0.0-rc.1", "v1.0.0-0", "v1.0.0-1",
            "v1.0.0-A", "v1.0.0--", "v1.0.0-0a", "v1.0.0-a0", "v1.0.0+build",
            "v1.0.0-rc.1+build", "v1.21.0", "v1.21.0-rc.2", "v1.21.5", "v1.22.0-rc.1",
            "v" + LONG + ".0.0", "v1.0.0-" + LONG, "v01.0.0", "v1.00.0", "v1.0.0-01",
            "v1.0.0-", "v1.0.0+", "v1.0.0-a..b", "v1.0.0.0", "1.0.0", "V1.0.0",
            "v1.0.0 ", "vv1.0.0", "v1.0.0-a_b", "v1.0.0+a..b", "v"]
    hand = [("v1.2.3", "v1.2.4-0.20210101000000-abcdef123456"),
            ("v1.2.4-0.20210101000000-abcdef123456", "v1.2.4"),
            ("v0.0.0-20210101000000-abcdef123456", "v0.0.0"),
            ("v1.2.3-pre", "v1.2.3-pre.0.20210101000000-abcdef123456"),
            ("v1.2.3-pre.0.20210101000000-abcdef123456", "v1.2.3-pre.1"),
            ("v2.0.0+incompatible", "v2.0.0"), ("v2.0.0+incompatible", "v2.0.1+incompatible")]
    seps = [".", "-", ""]
    words = ["0", "1", "alpha", "rc", "pre", "-0.20210101000000-abcdef123456", "+incompatible"]

    def gen(r):
        v = "v%d.%d.%d" % (r.choice([0, 1, 2, 10]), r.choice([0, 1, 2, 21]), r.choice([0, 1, 2, 5]))
        k = r.randrange(5)
        if k == 1:
            v += "-0.%04d%02d%02d%06d-%012x" % (r.choice([2019, 2021, 2023]), r.randint(1, 12),
                                                r.randint(1, 28), r.randint(0, 235959), r.getrandbits(48))
        elif k == 2:
            v += "-" + r.choice(["alpha", "beta", "rc", "pre"]) + r.choice(["", ".1", ".2", ".10"])
            if r.random() < 0.3:
                v += ".0.%04d%02d%02d%06d-%012x" % (2021, r.randint(1, 12), r.randint(1, 28),
                                                    r.randint(0, 235959), r.getrandbits(48))
        elif k == 3:
            v = "v%d.0.0-%04d%02d%02d%06d-%012x" % (r.choice([0, 1, 2]), r.choice([2019, 2021]),
                                                   r.randint(1, 12), r.randint(1, 28),
                                                   r.randint(0, 235959), r.getrandbits(48))
        if r.random() < 0.1:
            v += "+incompatible"
        return v
    return build(rnd, pool, hand, gen, seps, words, 1600)


GENS = {"maven": (maven, 20240701), "pypi": (pypi, 20240702), "gem": (gem, 20240703),
        "composer": (composer, 20240704), "golang": (golang, 20240705)}

if __name__ == "__main__":
    fn, seed = GENS[sys.argv[1]]
    pairs = fn(random.Random(seed))
    with open(sys.argv[2], "w", encoding="utf-8", newline="\n") as f:
        for a, b in pairs:
            f.write(a + "\t" + b + "\n")
