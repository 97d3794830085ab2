#!/usr/bin/env python3
"""Writes the cargo-auditable fixtures of tests/unit/test_pkg_rustbin.c:
minimal ELF files (64-bit little-endian and 32-bit big-endian) whose
".dep-v0" section holds zlib-compressed dependency JSON laid out the way
cargo-auditable writes it (format facts from its documentation; no real
cargo-auditable binary is available on Debian 12). Run from this folder:
    /usr/bin/python3 make.py
"""
import json
import struct
import zlib

DEPS = {"packages": [
    {"name": "adler", "version": "1.0.2", "source": "crates.io"},
    {"name": "cc", "version": "1.0.83", "source": "crates.io", "kind": "build"},
    {"name": "miniz_oxide", "version": "0.7.1", "source": "crates.io", "dependencies": [0]},
    {"name": "serde", "version": "1.0.193", "source": "crates.io"},
    {"name": "tool", "version": "0.3.0", "source": "local", "dependencies": [0, 2, 3], "root": True},
]}


def elf(payload, is64=True, big=False):
    e = ">" if big else "<"
    shstr = b"\0.shstrtab\0.dep-v0\0"
    ehsize = 64 if is64 else 52
    shentsize = 64 if is64 else 40
    data_off = ehsize
    shstr_off = data_off + len(payload)
    shoff = (shstr_off + len(shstr) + 7) & ~7
    ident = b"\x7fELF" + bytes([2 if is64 else 1, 2 if big else 1, 1]) + b"\0" * 9
    if is64:
        hdr = ident + struct.pack(e + "HHIQQQIHHHHHH", 2, 62, 1, 0, 0, shoff, 0, ehsize, 0, 0, shentsize, 3, 1)
    else:
        hdr = ident + struct.pack(e + "HHIIIIIHHHHHH", 2, 8, 1, 0, 0, shoff, 0, ehsize, 0, 0, shentsize, 3, 1)

    def sh(name, typ, off, size):
        if is64:
            return struct.pack(e + "IIQQQQIIQQ", name, typ, 0, 0, off, size, 0, 0, 1, 0)
        return struct.pack(e + "IIIIIIIIII", name, typ, 0, 0, off, size, 0, 0, 1, 0)

    body = hdr + payload + shstr
    body += b"\0" * (shoff - len(body))
    body += sh(0, 0, 0, 0) + sh(1, 3, shstr_off, len(shstr)) + sh(11, 1, data_off, len(payload))
    return body


def main():
    payload = zlib.compress(json.dumps(DEPS).encode())
    with open("auditable-elf64le.bin", "wb") as fh:
        fh.write(elf(payload))
    with open("auditable-elf32be.bin", "wb") as fh:
        fh.write(elf(payload, is64=False, big=True))
    with open("bad-zlib.bin", "wb") as fh:
        fh.write(elf(b"\x78\x9c not zlib at all"))


if __name__ == "__main__":
    main()
