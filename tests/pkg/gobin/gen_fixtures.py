#!/usr/bin/env python3
"""gen_fixtures.py — writes the small executables of tests/pkg/gobin and
fuzz/corpus/gobin (see README.md here); record.sh runs it.

  gen_fixtures.py synth OUTDIR          synthetic files (no Go toolchain needed)
  gen_fixtures.py minimize BINARY OUT   an ELF holding only the .go.buildinfo
                                        section of BINARY (a real Go >= 1.18
                                        build: the section is self-contained)
  gen_fixtures.py modproject DIR        a Go module with replaced and local
                                        dependencies, and a file:// module
                                        proxy serving them, to build offline

The synthetic files follow the layouts the Go linker writes (see
src/pkg/gobin.c); their ground truth is what `go version -m` prints for
them, recorded by record.sh next to each file."""
import json
import os
import struct
import sys
import zipfile

MAGIC = b"\xff Go buildinf:"
START = bytes.fromhex("3077af0c9274080241e1c107e6d618e6")
END = bytes.fromhex("f932433186182072008242104116d8f2")


def framed(text):
    return START + text.encode() + END


def uvarint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def pad(b, align):
    return b + b"\0" * (-len(b) % align)


class Elf:
    """A minimal ELF executable: a read-only and a writable PT_LOAD segment,
    optional section headers. Segment i maps file offset o to address
    bases[i] + o."""

    def __init__(self, is64, be, machine):
        self.is64, self.be, self.machine = is64, be, machine
        self.e = ">" if be else "<"
        self.ehsize = 64 if is64 else 52
        self.phsize = 56 if is64 else 32
        self.shsize = 64 if is64 else 40
        self.ptr = "Q" if is64 else "I"

    def p(self, v):
        return struct.pack(self.e + self.ptr, v)

    def build(self, ro, rw, ro_base, rw_base, sections=None):
        """ro, rw: callables (offset) -> bytes, so that contents can hold
        addresses. sections: list of (name, segment index, start, length)
        within ro/rw, or None for no section headers."""
        e = self.e
        head = self.ehsize + 2 * self.phsize
        ro_off = (head + 15) & ~15
        ro_data = ro(ro_off)
        rw_off = (ro_off + len(ro_data) + 0xFF) & ~0xFF
        rw_data = rw(rw_off)
        body = bytearray(b"\0" * rw_off)
        body[ro_off:ro_off + len(ro_data)] = ro_data
        body += rw_data
        shoff = shnum = shstrndx = 0
        if sections is not None:
            names = b"\0" + b"".join(n.encode() + b"\0" for n, *_ in sections) + b".shstrtab\0"
            str_off = len(body)
            body += names
            body = bytearray(pad(bytes(body), 8))
            shoff = len(body)
            shdrs = [b"\0" * self.shsize]
            name_at = 1
            for name, seg, start, length in sections:
                off = (ro_off if seg == 0 else rw_off) + start
                addr = (ro_base if seg == 0 else rw_base) + off
                flags = 2 | (1 if seg == 1 else 0)  # SHF_ALLOC, SHF_WRITE
                shdrs.append(self.shdr(name_at, 1, flags, addr, off, length))
                name_at += len(name) + 1
            shdrs.append(self.shdr(name_at, 3, 0, 0, str_off, len(names)))
            shnum = len(shdrs)
            shstrndx = shnum - 1
            body += b"".join(shdrs)
        ident = b"\x7fELF" + bytes([2 if self.is64 else 1, 2 if self.be else 1, 1]) + b"\0" * 9
        if self.is64:
            eh = ident + struct.pack(e + "HHIQQQIHHHHHH", 2, self.machine, 1, ro_base + ro_off,
                                     self.ehsize, shoff, 0, self.ehsize, self.phsize, 2,
                                     self.shsize, shnum, shstrndx)
        else:
            eh = ident + struct.pack(e + "HHIIIIIHHHHHH", 2, self.machine, 1, ro_base + ro_off,
                                     self.ehsize, shoff, 0, self.ehsize, self.phsize, 2,
                                     self.shsize, shnum, shstrndx)
        ph = self.phdr(5, 0, ro_base, ro_off + len(ro_data)) + \
            self.phdr(6, rw_off, rw_base + rw_off, len(rw_data))
        body[0:len(eh) + len(ph)] = eh + ph
        return bytes(body)

    def phdr(self, flags, off, vaddr, size):
        e = self.e
        if self.is64:
            return struct.pack(e + "IIQQQQQQ", 1, flags, off, vaddr, vaddr, size, size, 0x1000)
        return struct.pack(e + "IIIIIIII", 1, off, vaddr, vaddr, size, size, flags, 0x1000)

    def shdr(self, name, typ, flags, addr, off, size):
        e = self.e
        if self.is64:
            return struct.pack(e + "IIQQQQIIQQ", name, typ, flags, addr, off, size, 0, 0, 16, 0)
        return struct.pack(e + "IIIIIIIIII", name, typ, flags, addr, off, size, 0, 0, 16, 0)


def old_format(elf, version, modinfo, ro_base, rw_base, junk, stripped, decoy):
    """Go 1.13-1.17 layout: the header in the writable segment points to two
    Go string headers {data, len}, whose bytes are in the read-only one."""
    ps = 8 if elf.is64 else 4
    mod = framed(modinfo)
    pre = b""
    if decoy:  # a copy of the magic in read-only data, as debug/buildinfo has
        pre = pad(MAGIC + b"\x01\x09" + b"junk" * 4, 16)

    def ro(off):
        return pre + version.encode() + mod

    def rw(off):
        ro_off_guess = ro_layout[0]
        vers_addr = ro_base + ro_off_guess + len(pre)
        mod_addr = vers_addr + len(version)
        body = bytearray(pad(junk, 16))
        hdr_at = len(body)
        strings_at = hdr_at + 32
        hdr = MAGIC + bytes([ps, 1 if elf.be else 0])
        hdr += elf.p(rw_base + off + strings_at) + elf.p(rw_base + off + strings_at + 2 * ps)
        body += pad(hdr, 32)
        body += elf.p(vers_addr) + elf.p(len(version)) + elf.p(mod_addr) + elf.p(len(mod))
        rw_layout[:] = [hdr_at, len(body) - hdr_at]
        return bytes(body)

    ro_layout = [(elf.ehsize + 2 * elf.phsize + 15) & ~15]
    rw_layout = [0, 0]
    secs = None
    if not stripped:
        n_ro = len(ro(0))
        rw(0)
        secs = [(".rodata", 0, 0, n_ro), (".go.buildinfo", 1, rw_layout[0], 32),
                (".data", 1, rw_layout[0] + 32, rw_layout[1] - 32)]
    return elf.build(ro, rw, ro_base, rw_base, secs)


def inline_format(elf, version, modinfo, ro_base, rw_base, junk, stripped):
    """Go >= 1.18 layout: the strings follow the header."""
    ps = 8 if elf.is64 else 4
    blob = pad(MAGIC + bytes([ps, 2 | (1 if elf.be else 0)]), 32)
    mod = framed(modinfo)
    blob += uvarint(len(version)) + version.encode() + uvarint(len(mod)) + mod
    body = pad(junk, 16)

    def ro(off):
        return b"\0" * 16

    def rw(off):
        # Go's reader wants bytes after the last string (it checks
        # length < rest, not <=); the linker always has more data there
        return body + blob + b"\0" * 16

    secs = None if stripped else [(".go.buildinfo", 1, len(body), len(blob))]
    return elf.build(ro, rw, ro_base, rw_base, secs)


def pe64_old(version, modinfo):
    """PE32+ with a .rdata (strings) and a .data (header, string headers)
    section, Go 1.13-1.17 layout."""
    base = 0x140000000
    mod = framed(modinfo)
    rdata = version.encode() + mod
    rdata_rva, data_rva = 0x1000, 0x2000
    hdr_rva = data_rva
    strhdr_rva = data_rva + 32
    data = pad(MAGIC + b"\x08\x00" + struct.pack("<QQ", base + strhdr_rva, base + strhdr_rva + 16), 32)
    data += struct.pack("<QQQQ", base + rdata_rva, len(version), base + rdata_rva + len(version),
                        len(mod))
    nsect, optsize = 2, 240
    coff = struct.pack("<HHIIIHH", 0x8664, nsect, 0, 0, 0, optsize, 0x22)
    opt = bytearray(optsize)
    struct.pack_into("<HBBIIIIIQIIHHHHHHIIIIHHQQQQII", opt, 0, 0x20B, 1, 0, 0x200, 0x400, 0, 0,
                     0x1000, base, 0x1000, 0x200, 6, 0, 0, 0, 6, 0, 0, 0x3000, 0x200, 0, 3, 0,
                     0x100000, 0x1000, 0x100000, 0x1000, 0, 16)
    raw1 = 0x200
    raw2 = raw1 + len(pad(rdata, 0x200))

    def sect(name, vsize, rva, rawsize, rawptr, ch):
        return struct.pack("<8sIIIIIIHHI", name, vsize, rva, rawsize, rawptr, 0, 0, 0, 0, ch)

    sects = sect(b".rdata", len(rdata), rdata_rva, len(pad(rdata, 0x200)), raw1, 0x40000040)
    sects += sect(b".data", len(data), data_rva, len(pad(data, 0x200)), raw2, 0xC0000040)
    dos = bytearray(64)
    dos[0:2] = b"MZ"
    struct.pack_into("<I", dos, 0x3C, 64)
    head = bytes(dos) + b"PE\0\0" + coff + bytes(opt) + sects
    out = pad(head, 0x200) + pad(rdata, 0x200) + pad(data, 0x200)
    assert len(pad(head, 0x200)) == raw1
    return out


def macho32_old(version, modinfo):
    """32-bit little-endian Mach-O (i386): __TEXT with the strings, __DATA
    with a __go_buildinfo section (the header) and the string headers."""
    mod = framed(modinfo)
    text_addr, data_addr = 0x1000, 0x2000
    ncmds = 2
    seg_size = 56 + 68
    sizeofcmds = 2 * seg_size
    text_off = 0x400
    text = version.encode() + mod
    data_off = 0x400 + len(pad(text, 0x400))
    vers_addr = text_addr
    mod_addr = text_addr + len(version)
    data = pad(MAGIC + b"\x04\x00" + struct.pack("<II", data_addr + 32, data_addr + 40), 32)
    data += struct.pack("<IIII", vers_addr, len(version), mod_addr, len(mod))

    def seg(name, addr, off, size, prot, sname, saddr, ssize, soff):
        s = struct.pack("<II16sIIIIIIII", 1, seg_size, name, addr, size, off, size, prot, prot, 1,
                        0)
        s += struct.pack("<16s16sIIIIIIIII", sname, name, saddr, ssize, soff, 4, 0, 0, 0, 0, 0)
        return s

    cmds = seg(b"__TEXT", text_addr, text_off, len(text), 5, b"__rodata", text_addr, len(text),
               text_off)
    cmds += seg(b"__DATA", data_addr, data_off, len(data), 3, b"__go_buildinfo", data_addr, 32,
                data_off)
    head = struct.pack("<IiiIIII", 0xFEEDFACE, 7, 3, 2, ncmds, sizeofcmds, 0) + cmds
    out = bytearray(pad(head, 0x400))
    out += pad(text, 0x400)
    out += data
    return bytes(out)


OLD_MODINFO = ("path\texample.com/tool/cmd/tool\n"
               "mod\texample.com/tool\tv0.3.1\th1:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n"
               "dep\tgithub.com/pkg/errors\tv0.9.1\th1:FEBLx1zS214owpjy7qsBeixbURkuhQAwrK5UwLGTwt4=\n"
               "dep\tgolang.org/x/sys\tv0.0.0-20210630005230-0f9fa26af87c\n"
               "=>\tgolang.org/x/sys\tv0.1.0\th1:kunALQeHf1/185U1i0GOB/fy1IPRDDpuoOOqRReG57U=\n"
               "dep\texample.com/fork\tv1.0.0\n"
               "=>\t../fork\t\t\n")

INLINE_MODINFO = ("path\texample.com/svc\n"
                  "mod\texample.com/svc\t(devel)\t\n"
                  "dep\tgithub.com/google/uuid\tv1.3.0\th1:t6JiXgmwXMjEs8VusXIJk2BXHsn+wx8BZdTaoZ5fu7I=\n"
                  "dep\tgolang.org/x/text\tv0.3.7\n"
                  "=>\tgolang.org/x/text\tv0.3.8\th1:nAL+RVCQ9uMn3vJZbV+MRnydTJFPf8qqY42YiA6MrqY=\n"
                  "build\t-buildmode=exe\n"
                  "build\t-compiler=gc\n"
                  "build\t-ldflags=\"-s -w -X main.version=1.2.3\"\n"
                  "build\t\"key with space\"=\"tab\\there \\\"quoted\\\" é\"\n"
                  "build\tCGO_ENABLED=0\n"
                  "build\tGOARCH=amd64\n"
                  "build\tGOOS=linux\n"
                  "build\tGOEXPERIMENT=boringcrypto\n"
                  "build\tvcs=git\n"
                  "build\tvcs.revision=0123456789abcdef0123456789abcdef01234567\n"
                  "build\tvcs.modified=false\n")


def synth(outdir):
    files = {
        # Go 1.16-style, 32-bit big-endian (MIPS), section headers kept
        "old-elf32be.bin": old_format(Elf(False, True, 8), "go1.16.15", OLD_MODINFO,
                                      0x400000, 0x10000000, b"", False, True),
        # Go 1.17-style, 64-bit little-endian (x86-64), section headers
        # stripped, the header after other data of the writable segment
        "old-elf64le-stripped.bin": old_format(Elf(True, False, 62), "go1.17.13", OLD_MODINFO,
                                               0x400000, 0x600000, b"\x01" * 40, True, True),
        # Go >= 1.18 layout, 64-bit big-endian (ppc64), no section headers,
        # a GOEXPERIMENT toolchain and quoted build settings
        "inline-elf64be-stripped.bin": inline_format(Elf(True, True, 21),
                                                     "go1.21.0 X:boringcrypto", INLINE_MODINFO,
                                                     0x10000, 0x200000, b"\x02" * 24, True),
        "old-pe64.bin": pe64_old("go1.15.15", OLD_MODINFO),
        "old-macho32.bin": macho32_old("go1.14.15", OLD_MODINFO),
    }
    os.makedirs(outdir, exist_ok=True)
    for name, data in files.items():
        with open(os.path.join(outdir, name), "wb") as f:
            f.write(data)
        os.chmod(os.path.join(outdir, name), 0o755)


def minimize(binary, out):
    """Keeps the ELF class, byte order and machine of BINARY and its
    .go.buildinfo section bytes, in a new ELF with one writable segment."""
    d = open(binary, "rb").read()
    is64, be = d[4] == 2, d[5] == 2
    e = ">" if be else "<"
    if is64:
        machine = struct.unpack_from(e + "H", d, 18)[0]
        shoff, = struct.unpack_from(e + "Q", d, 40)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", d, 58)
    else:
        machine = struct.unpack_from(e + "H", d, 18)[0]
        shoff, = struct.unpack_from(e + "I", d, 32)
        shentsize, shnum, shstrndx = struct.unpack_from(e + "HHH", d, 46)

    def sh(i):
        b = shoff + i * shentsize
        if is64:
            name, typ, flags, addr, off, size = struct.unpack_from(e + "IIQQQQ", d, b)
        else:
            name, typ, flags, addr, off, size = struct.unpack_from(e + "IIIIII", d, b)
        return name, addr, off, size

    _, _, stroff, _ = sh(shstrndx)
    for i in range(shnum):
        name, addr, off, size = sh(i)
        if d[stroff + name:stroff + name + 14] == b".go.buildinfo\0":
            section = d[off:off + size]
            break
    else:
        sys.exit("no .go.buildinfo section in " + binary)
    elf = Elf(is64, be, machine)

    def ro(off):
        return b"\0" * 16

    def rw(off):
        return section + b"\0" * 16  # Go's reader wants bytes after the strings

    data = elf.build(ro, rw, 0x10000, 0x500000, [(".go.buildinfo", 1, 0, len(section))])
    with open(out, "wb") as f:
        f.write(data)
    os.chmod(out, 0o755)


def modproject(root):
    mods = {
        ("example.com/greet", "v1.2.3"): {"greet.go": 'package greet\n\nfunc Hello() string { return "hello" }\n'},
        ("example.com/old", "v1.0.0"): {"old.go": 'package old\n\nfunc Name() string { return "old" }\n'},
        ("example.com/new", "v1.1.0"): {"old.go": 'package old\n\nfunc Name() string { return "new" }\n'},
        ("example.com/local", "v0.1.0"): {"local.go": 'package local\n\nfunc Name() string { return "orig" }\n'},
    }
    for (path, ver), files in mods.items():
        d = os.path.join(root, "proxy", path, "@v")
        os.makedirs(d, exist_ok=True)
        gomod = "module %s\n\ngo 1.19\n" % path
        with open(os.path.join(d, "list"), "w") as f:
            f.write(ver + "\n")
        with open(os.path.join(d, ver + ".info"), "w") as f:
            f.write(json.dumps({"Version": ver, "Time": "2023-01-02T03:04:05Z"}))
        with open(os.path.join(d, ver + ".mod"), "w") as f:
            f.write(gomod)
        with zipfile.ZipFile(os.path.join(d, ver + ".zip"), "w") as z:
            z.writestr("%s@%s/go.mod" % (path, ver), gomod)
            for n, c in files.items():
                z.writestr("%s@%s/%s" % (path, ver, n), c)
    app = os.path.join(root, "app")
    os.makedirs(os.path.join(app, "local"), exist_ok=True)
    sources = {
        "go.mod": "module example.com/app\n\ngo 1.19\n\nrequire (\n\texample.com/greet v1.2.3\n"
                  "\texample.com/local v0.1.0\n\texample.com/old v1.0.0\n)\n\n"
                  "replace example.com/old => example.com/new v1.1.0\n\n"
                  "replace example.com/local => ./local\n",
        "local/go.mod": "module example.com/local\n\ngo 1.19\n",
        "local/local.go": 'package local\n\nfunc Name() string { return "local" }\n',
        "main.go": 'package main\n\nimport (\n\t"fmt"\n\n\t"example.com/greet"\n'
                   '\t"example.com/local"\n\t"example.com/old"\n)\n\n'
                   'func main() { fmt.Println(greet.Hello(), old.Name(), local.Name()) }\n',
    }
    for name, text in sources.items():
        with open(os.path.join(app, name), "w") as f:
            f.write(text)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "synth":
        synth(sys.argv[2])
    elif len(sys.argv) == 4 and sys.argv[1] == "minimize":
        minimize(sys.argv[2], sys.argv[3])
    elif len(sys.argv) == 3 and sys.argv[1] == "modproject":
        modproject(sys.argv[2])
    else:
        sys.exit(__doc__)
