/* gobin.c — the build information of Go executables (gobin.h).
 *
 * Where it is. The Go linker (1.13 and later) writes a 32-byte header
 * aligned on 16 bytes: the 14-byte magic "\xff Go buildinf:", the pointer
 * size of the target (4 or 8), a flags byte, then 16 bytes.
 *  - flags & 2 (Go >= 1.18): the strings follow the header inline, each as
 *    an unsigned LEB128 ("uvarint") length and its bytes: first the
 *    toolchain version (runtime.buildVersion), then the module text
 *    (runtime.modinfo). The 16 bytes after the flags are zero.
 *  - otherwise (Go 1.13 to 1.17): two pointers of the given size follow at
 *    offset 16, in the byte order given by flags & 1 (1 = big endian); each
 *    is the virtual address of a Go string header {data pointer, length}
 *    (two pointer-size words) whose data lies elsewhere in the image. They
 *    are followed through the file's mapping of addresses: the PT_LOAD
 *    program headers and allocated sections of ELF (32 and 64 bit, either
 *    byte order), the sections of PE (address = ImageBase + RVA) and the
 *    segments of Mach-O. Position-independent binaries of those versions
 *    carry zeros there (the pointers are filled by relocations at load
 *    time): they are reported as unreadable, as Go's own reader does.
 * The header is looked for in the ".go.buildinfo" section (ELF) or the
 * "__go_buildinfo" section (Mach-O) first, then, when sections are stripped
 * or absent, by scanning at 16-byte alignment (of the virtual address) the
 * writable data, where the linker puts it: the PT_LOAD segments that are
 * writable and not executable (ELF), the writable initialised-data
 * sections (PE), the read-write segments (Mach-O); the other segments and
 * sections only when there are none of those. Only when the container
 * headers give no place to look at all is the whole file scanned at
 * 16-byte file offsets (the inline format needs no mapping). A candidate
 * that does not decode (a copy of the magic in read-only data, say) is
 * skipped for the next one.
 *
 * The module text is framed by two 16-byte sentinels; as Go's reader
 * does, it is taken when it is at least 33 bytes long with a '\n' just
 * before the closing sentinel, and the sentinels are cut without looking
 * at their bytes. An empty text means the binary was not built in module
 * mode (Debian builds Go programs in GOPATH mode: their binaries record a
 * "path" and build settings but no module); a non-empty one without that
 * framing is reported and ignored. Its lines, as runtime/debug writes them
 * (fields separated by tabs):
 *   path  <main package path>
 *   mod   <path> <version> [<sum>]       the main module
 *   dep   <path> <version> [<sum>]       one per dependency
 *   =>    <path> <version> <sum>         replaces the mod/dep line above it
 *   build <key>=<value>                  key and value Go-quoted ("..." or
 *                                        `...`) when they hold blanks,
 *                                        quotes or '=' (the key)
 * Go 1.18 to 1.20 write an empty line after every replacement; empty
 * lines are skipped. Unknown lines are ignored (as Go does, so that a later
 * toolchain's additions read fine); a malformed known line is reported
 * with its line number in the message and skipped, where Go's parser
 * rejects the whole text. Module paths must be valid Go module paths
 * (ASCII letters, digits, "-._~+", non-empty '/'-separated elements not
 * starting with '.'; a replacement may also be a directory), versions and
 * sums printable ASCII without blanks, fields at most PKG_MAX_VALUE bytes.
 *
 * Packages (type "golang"), as Trivy and Grype list them:
 *  - "stdlib" at the toolchain version with "go" replaced by "v" and
 *    anything after a blank cut: "go1.19.8" -> "v1.19.8",
 *    "go1.21.0 X:boringcrypto" (GOEXPERIMENT builds) -> "v1.21.0"; a
 *    development toolchain ("devel go1.23-abc...") keeps its whole string
 *    so that it matches no release range;
 *  - the main module, its version as recorded: "(devel)" for most
 *    builds, the version of `go install mod@version`, or (Go >= 1.24) one
 *    derived from the VCS checkout ("v1.2.3", "v0.0.0-2025...-abc+dirty");
 *    none for binaries built outside module mode;
 *  - one per dependency: name = module path, version, checksum = the h1:
 *    sum (NULL when none). A replaced dependency is listed under the
 *    replacement's path, version and sum (that is the code in the binary);
 *    a replacement by a local directory ("./x", "../x", "/x", "C:\x") has
 *    no module identity of its own, so it keeps the original module path
 *    with the version the binary records for the directory ("(devel)").
 *    A dependency with an empty path (written by some old toolchains) is
 *    skipped; an empty version becomes "(devel)".
 * db_path is the binary's path; arch, license and purl are left NULL.
 *
 * Bounds: the version string is at most GB_MAX_VERSION bytes, the module
 * text GB_MAX_MODINFO bytes and GB_MAX_LINES lines, module fields
 * PKG_MAX_VALUE bytes, build lines GB_MAX_SETTING bytes; at most
 * GB_MAX_RANGES address ranges, GB_MAX_REGIONS search regions and
 * GB_MAX_CANDIDATES header candidates are considered. */
#include <string.h>

#include "pkg/gobin.h"
#include "pkg/pkg_internal.h"

#define GB_MAGIC "\xff Go buildinf:"
#define GB_MAGIC_LEN 14
#define GB_HDR_SIZE 32
#define GB_ALIGN 16
#define GB_MAX_VERSION 256
#define GB_MAX_MODINFO (16u << 20)
#define GB_MAX_LINES 100000
#define GB_MAX_SETTING (64u << 10)
#define GB_MAX_RANGES 512
#define GB_MAX_REGIONS 64
#define GB_MAX_CANDIDATES 64
#define GB_MAX_SECTIONS 65536 /* ELF section headers and Mach-O load commands read */

/* The file-backed part of a segment or section: [addr, addr + size) is at
 * file offset off (size already clipped to the file). */
typedef struct {
    uint64_t addr, size;
    size_t off;
} gb_range;

/* A place to look for the header; prio orders the search (0 first). */
typedef struct {
    uint64_t addr;
    size_t off, size;
    int prio;
} gb_region;

typedef struct {
    const unsigned char *d;
    size_t len;
    const char *container;
    const char *bad; /* first problem of the container headers, or NULL */
    gb_range ranges[GB_MAX_RANGES];
    size_t nranges;
    gb_region regions[GB_MAX_REGIONS];
    size_t nregions;
} gb_image;

/* The two raw strings of a header, pointing into the input. */
typedef struct {
    size_t off; /* file offset of the header */
    int ptr_size;
    bool big_endian;
    bool inline_strings;
    const unsigned char *vers, *mod;
    size_t vn, mn;
} gb_raw;

/* ---- byte access ---- */

static uint64_t rd_u(const unsigned char *p, int n, bool be)
{
    uint64_t v = 0;
    for (int i = 0; i < n; i++)
        v |= (uint64_t)p[be ? i : n - 1 - i] << (8 * (n - 1 - i));
    return v;
}

static uint16_t rd16(const unsigned char *p, bool be)
{
    return (uint16_t)rd_u(p, 2, be);
}

static uint32_t rd32(const unsigned char *p, bool be)
{
    return (uint32_t)rd_u(p, 4, be);
}

static uint64_t rd64(const unsigned char *p, bool be)
{
    return rd_u(p, 8, be);
}

/* [off, off + n) lies in the file. */
static bool in_file(const gb_image *im, uint64_t off, uint64_t n)
{
    return off <= im->len && n <= im->len - off;
}

static void set_bad(gb_image *im, const char *why)
{
    if (!im->bad)
        im->bad = why;
}

static void add_range(gb_image *im, uint64_t addr, uint64_t size, uint64_t off)
{
    if (size == 0 || off >= im->len || im->nranges == GB_MAX_RANGES)
        return;
    if (size > im->len - off)
        size = im->len - off; /* a truncated file: keep what is there */
    if (addr + size < addr)
        size = UINT64_MAX - addr; /* no wrap-around */
    gb_range *r = &im->ranges[im->nranges++];
    r->addr = addr;
    r->size = size;
    r->off = (size_t)off;
}

static void add_region(gb_image *im, int prio, uint64_t addr, uint64_t off, uint64_t size)
{
    if (size == 0 || off >= im->len || im->nregions == GB_MAX_REGIONS)
        return;
    if (size > im->len - off)
        size = im->len - off;
    /* keep the array ordered by priority, stable */
    size_t i = im->nregions;
    while (i > 0 && im->regions[i - 1].prio > prio) {
        im->regions[i] = im->regions[i - 1];
        i--;
    }
    im->regions[i].addr = addr;
    im->regions[i].off = (size_t)off;
    im->regions[i].size = (size_t)size;
    im->regions[i].prio = prio;
    im->nregions++;
}

/* The file bytes at virtual address [addr, addr + n), or NULL when they
 * are not all inside one mapped range. */
static const unsigned char *map_addr(const gb_image *im, uint64_t addr, uint64_t n)
{
    for (size_t i = 0; i < im->nranges; i++) {
        const gb_range *r = &im->ranges[i];
        if (addr < r->addr)
            continue;
        uint64_t k = addr - r->addr;
        if (k >= r->size || n > r->size - k)
            continue;
        return im->d + r->off + k;
    }
    return NULL;
}

/* ---- containers ---- */

enum { PRIO_NAMED = 0, PRIO_DATA = 1, PRIO_OTHER = 2, PRIO_FILE = 3 };

static void load_elf(gb_image *im)
{
    const unsigned char *d = im->d;
    im->container = "elf";
    if (im->len < 16) {
        set_bad(im, "truncated ELF header");
        return;
    }
    bool is64 = d[4] == 2, be = d[5] == 2;
    if ((d[4] != 1 && d[4] != 2) || (d[5] != 1 && d[5] != 2)) {
        set_bad(im, "unknown ELF class or byte order");
        return;
    }
    if (im->len < (is64 ? 64u : 52u)) {
        set_bad(im, "truncated ELF header");
        return;
    }
    uint64_t phoff, shoff;
    unsigned phentsize, phnum, shentsize, shnum, shstrndx;
    if (is64) {
        phoff = rd64(d + 32, be);
        shoff = rd64(d + 40, be);
        phentsize = rd16(d + 54, be);
        phnum = rd16(d + 56, be);
        shentsize = rd16(d + 58, be);
        shnum = rd16(d + 60, be);
        shstrndx = rd16(d + 62, be);
    } else {
        phoff = rd32(d + 28, be);
        shoff = rd32(d + 32, be);
        phentsize = rd16(d + 42, be);
        phnum = rd16(d + 44, be);
        shentsize = rd16(d + 46, be);
        shnum = rd16(d + 48, be);
        shstrndx = rd16(d + 50, be);
    }

    /* program headers: PT_LOAD segments map addresses and are searched */
    if (phnum) {
        unsigned need = is64 ? 56 : 32;
        if (phentsize < need) {
            set_bad(im, "ELF program header entries are too small");
        } else if (!in_file(im, phoff, (uint64_t)phnum * phentsize)) {
            set_bad(im, "ELF program headers lie outside the file");
        } else {
            for (unsigned i = 0; i < phnum; i++) {
                const unsigned char *p = d + phoff + (uint64_t)i * phentsize;
                uint32_t type = rd32(p, be), flags;
                uint64_t off, vaddr, filesz;
                if (is64) {
                    flags = rd32(p + 4, be);
                    off = rd64(p + 8, be);
                    vaddr = rd64(p + 16, be);
                    filesz = rd64(p + 32, be);
                } else {
                    off = rd32(p + 4, be);
                    vaddr = rd32(p + 8, be);
                    filesz = rd32(p + 16, be);
                    flags = rd32(p + 24, be);
                }
                if (type != 1 /* PT_LOAD */)
                    continue;
                add_range(im, vaddr, filesz, off);
                /* PF_W without PF_X: where Go's reader looks */
                bool data = (flags & 3u) == 2u;
                add_region(im, data ? PRIO_DATA : PRIO_OTHER, vaddr, off, filesz);
            }
        }
    }

    /* section headers: allocated sections map addresses too; the named
     * section is searched first */
    if (shoff == 0)
        return;
    unsigned need = is64 ? 64 : 40;
    if (shentsize < need) {
        if (shnum)
            set_bad(im, "ELF section header entries are too small");
        return;
    }
    if (!in_file(im, shoff, need)) {
        set_bad(im, "ELF section headers lie outside the file");
        return;
    }
    uint64_t count = shnum;
    if (count == 0 || shstrndx == 0xffff) {
        /* extended numbering: the real values are in section header 0 */
        const unsigned char *s0 = d + shoff;
        if (count == 0)
            count = is64 ? rd64(s0 + 32, be) : rd32(s0 + 20, be);
        if (shstrndx == 0xffff)
            shstrndx = rd32(s0 + (is64 ? 40 : 24), be);
    }
    if (count > GB_MAX_SECTIONS)
        count = GB_MAX_SECTIONS;
    if (!in_file(im, shoff, count * shentsize)) {
        set_bad(im, "ELF section headers lie outside the file");
        return;
    }
    const unsigned char *strtab = NULL;
    uint64_t strsize = 0;
    if (shstrndx < count) {
        const unsigned char *s = d + shoff + (uint64_t)shstrndx * shentsize;
        uint64_t o = is64 ? rd64(s + 24, be) : rd32(s + 16, be);
        uint64_t z = is64 ? rd64(s + 32, be) : rd32(s + 20, be);
        if (in_file(im, o, z)) {
            strtab = d + o;
            strsize = z;
        } else {
            set_bad(im, "ELF section name table lies outside the file");
        }
    }
    static const char want[] = ".go.buildinfo";
    for (uint64_t i = 1; i < count; i++) {
        const unsigned char *s = d + shoff + i * shentsize;
        uint32_t name = rd32(s, be), type = rd32(s + 4, be);
        uint64_t flags = is64 ? rd64(s + 8, be) : rd32(s + 8, be);
        uint64_t addr = is64 ? rd64(s + 16, be) : rd32(s + 12, be);
        uint64_t off = is64 ? rd64(s + 24, be) : rd32(s + 16, be);
        uint64_t size = is64 ? rd64(s + 32, be) : rd32(s + 20, be);
        if (type == 0 /* SHT_NULL */ || type == 8 /* SHT_NOBITS */)
            continue;
        if ((flags & 2u) /* SHF_ALLOC */ && addr != 0)
            add_range(im, addr, size, off);
        if (strtab && name < strsize && strsize - name >= sizeof(want) &&
            memcmp(strtab + name, want, sizeof(want)) == 0)
            add_region(im, PRIO_NAMED, addr, off, size);
    }
}

static void load_pe(gb_image *im)
{
    const unsigned char *d = im->d;
    im->container = "pe";
    if (im->len < 0x40) {
        set_bad(im, "truncated PE file");
        return;
    }
    uint64_t pe = rd32(d + 0x3c, false);
    if (!in_file(im, pe, 24) || memcmp(d + pe, "PE\0\0", 4) != 0) {
        set_bad(im, "no PE signature");
        return;
    }
    unsigned nsect = rd16(d + pe + 6, false);
    unsigned optsize = rd16(d + pe + 20, false);
    uint64_t opt = pe + 24;
    if (optsize < 32 || !in_file(im, opt, optsize)) {
        set_bad(im, "truncated PE optional header");
        return;
    }
    uint64_t base;
    unsigned magic = rd16(d + opt, false);
    if (magic == 0x10b)
        base = rd32(d + opt + 28, false);
    else if (magic == 0x20b)
        base = rd64(d + opt + 24, false);
    else {
        set_bad(im, "unknown PE optional header magic");
        return;
    }
    uint64_t sect = opt + optsize;
    if (!in_file(im, sect, (uint64_t)nsect * 40)) {
        set_bad(im, "PE section table lies outside the file");
        return;
    }
    for (unsigned i = 0; i < nsect; i++) {
        const unsigned char *s = d + sect + (uint64_t)i * 40;
        uint64_t va = rd32(s + 12, false), raw = rd32(s + 16, false);
        uint64_t ptr = rd32(s + 20, false);
        uint32_t ch = rd32(s + 36, false);
        add_range(im, base + va, raw, ptr);
        /* IMAGE_SCN_MEM_WRITE | IMAGE_SCN_CNT_INITIALIZED_DATA */
        bool data = (ch & 0x80000040u) == 0x80000040u;
        add_region(im, data ? PRIO_DATA : PRIO_OTHER, base + va, ptr, raw);
    }
}

static void load_macho(gb_image *im, bool is64, bool be)
{
    const unsigned char *d = im->d;
    im->container = "macho";
    size_t hsz = is64 ? 32 : 28;
    if (im->len < hsz) {
        set_bad(im, "truncated Mach-O header");
        return;
    }
    uint32_t ncmds = rd32(d + 16, be), sizeofcmds = rd32(d + 20, be);
    if (!in_file(im, hsz, sizeofcmds)) {
        set_bad(im, "Mach-O load commands lie outside the file");
        return;
    }
    size_t p = hsz, end = hsz + sizeofcmds;
    for (uint32_t i = 0; i < ncmds && i < GB_MAX_SECTIONS; i++) {
        if (end - p < 8) {
            set_bad(im, "truncated Mach-O load command");
            return;
        }
        uint32_t cmd = rd32(d + p, be), cmdsize = rd32(d + p + 4, be);
        if (cmdsize < 8 || cmdsize > end - p) {
            set_bad(im, "bad Mach-O load command size");
            return;
        }
        const unsigned char *c = d + p;
        bool seg32 = cmd == 0x1, seg64 = cmd == 0x19;
        size_t fixed = seg64 ? 72 : 56, ssz = seg64 ? 80 : 68;
        if ((seg32 || seg64) && cmdsize >= fixed) {
            uint64_t vmaddr, fileoff, filesize;
            uint32_t initprot, nsects;
            if (seg64) {
                vmaddr = rd64(c + 24, be);
                fileoff = rd64(c + 40, be);
                filesize = rd64(c + 48, be);
                initprot = rd32(c + 60, be);
                nsects = rd32(c + 64, be);
            } else {
                vmaddr = rd32(c + 24, be);
                fileoff = rd32(c + 32, be);
                filesize = rd32(c + 36, be);
                initprot = rd32(c + 44, be);
                nsects = rd32(c + 48, be);
            }
            add_range(im, vmaddr, filesize, fileoff);
            add_region(im, (initprot & 7u) == 3u ? PRIO_DATA : PRIO_OTHER, vmaddr, fileoff,
                       filesize);
            if (nsects > (cmdsize - fixed) / ssz) {
                set_bad(im, "Mach-O segment has more sections than fit its command");
                nsects = (uint32_t)((cmdsize - fixed) / ssz);
            }
            for (uint32_t k = 0; k < nsects; k++) {
                const unsigned char *s = c + fixed + (size_t)k * ssz;
                if (memcmp(s, "__go_buildinfo\0", 15) != 0)
                    continue;
                uint64_t addr = seg64 ? rd64(s + 32, be) : rd32(s + 32, be);
                uint64_t size = seg64 ? rd64(s + 40, be) : rd32(s + 36, be);
                uint64_t off = rd32(s + (seg64 ? 48 : 40), be);
                add_region(im, PRIO_NAMED, addr, off, size);
            }
        }
        p += cmdsize;
    }
}

/* Recognises the container; false when it is none of ELF, PE, Mach-O. */
static bool load_image(gb_image *im, const char *data, size_t len)
{
    memset(im, 0, sizeof(*im));
    im->d = (const unsigned char *)data;
    im->len = data ? len : 0;
    const unsigned char *d = im->d;
    if (im->len < 4)
        return false;
    uint32_t m = rd32(d, false);
    if (memcmp(d, "\x7f" "ELF", 4) == 0)
        load_elf(im);
    else if (d[0] == 'M' && d[1] == 'Z')
        load_pe(im);
    else if (m == 0xfeedfaceu || m == 0xfeedfacfu)
        load_macho(im, m == 0xfeedfacfu, false);
    else if (m == 0xcefaedfeu || m == 0xcffaedfeu)
        load_macho(im, m == 0xcffaedfeu, true);
    else
        return false;
    /* read-only and executable parts only when there is no writable data */
    size_t keep = 0;
    while (keep < im->nregions && im->regions[keep].prio <= PRIO_DATA)
        keep++;
    if (keep > 0)
        im->nregions = keep;
    if (im->nregions == 0)
        add_region(im, PRIO_FILE, 0, 0, im->len);
    return true;
}

/* ---- the header and its strings ---- */

/* Go's uvarint: 7 bits a byte, low first, at most 10 bytes. */
static bool uvarint(const unsigned char *p, size_t n, uint64_t *v, size_t *used)
{
    uint64_t x = 0;
    for (size_t i = 0; i < n && i < 10; i++) {
        unsigned char b = p[i];
        if (i == 9 && b > 1)
            return false;
        x |= (uint64_t)(b & 0x7f) << (7 * i);
        if (b < 0x80) {
            *v = x;
            *used = i + 1;
            return true;
        }
    }
    return false;
}

/* Reads a Go string header {data, len} at address addr. */
static const char *read_go_string(const gb_image *im, const gb_raw *r, uint64_t addr,
                                  uint64_t max, const unsigned char **s, size_t *n)
{
    int ps = r->ptr_size;
    const unsigned char *h = map_addr(im, addr, (uint64_t)ps * 2);
    if (!h)
        return "a string header of the build information is outside the mapped file";
    uint64_t data = rd_u(h, ps, r->big_endian), dlen = rd_u(h + ps, ps, r->big_endian);
    if (dlen > max)
        return "a string of the build information is too long";
    *n = (size_t)dlen;
    if (dlen == 0) {
        *s = h; /* any valid pointer */
        return NULL;
    }
    *s = map_addr(im, data, dlen);
    if (!*s)
        return "a string of the build information is outside the mapped file";
    return NULL;
}

/* Decodes the header at file offset off. NULL on success, else why not. */
static const char *decode_at(const gb_image *im, size_t off, gb_raw *r)
{
    const unsigned char *h = im->d + off;
    memset(r, 0, sizeof(*r));
    r->off = off;
    r->ptr_size = h[14];
    r->inline_strings = (h[15] & 2) != 0;
    r->big_endian = !r->inline_strings && h[15] != 0;
    if (r->ptr_size != 4 && r->ptr_size != 8)
        return "build information header has an invalid pointer size";
    if (r->inline_strings) {
        const unsigned char *p = h + GB_HDR_SIZE, *end = im->d + im->len;
        uint64_t v;
        size_t used;
        if (!uvarint(p, (size_t)(end - p), &v, &used))
            return "bad length of the Go version string";
        p += used;
        if (v > GB_MAX_VERSION || v > (uint64_t)(end - p))
            return "Go version string is too long or runs past the end of the file";
        r->vers = p;
        r->vn = (size_t)v;
        p += v;
        if (!uvarint(p, (size_t)(end - p), &v, &used))
            return "bad length of the module information";
        p += used;
        if (v > GB_MAX_MODINFO || v > (uint64_t)(end - p))
            return "module information is too long or runs past the end of the file";
        r->mod = p;
        r->mn = (size_t)v;
    } else {
        int ps = r->ptr_size;
        uint64_t pv = rd_u(h + 16, ps, r->big_endian);
        uint64_t pm = rd_u(h + 16 + ps, ps, r->big_endian);
        const char *why = read_go_string(im, r, pv, GB_MAX_VERSION, &r->vers, &r->vn);
        if (!why)
            why = read_go_string(im, r, pm, GB_MAX_MODINFO, &r->mod, &r->mn);
        if (why)
            return why;
    }
    if (r->vn == 0)
        return "build information has no Go version";
    if (pkg_has_ctl((const char *)r->vers, r->vn))
        return "Go version string holds a control character";
    return NULL;
}

/* Finds and decodes the build information. NULL on success. */
static const char *find_buildinfo(const gb_image *im, gb_raw *r)
{
    const char *first = NULL;
    size_t tried[GB_MAX_CANDIDATES];
    size_t ntried = 0;
    for (size_t g = 0; g < im->nregions; g++) {
        const gb_region *rg = &im->regions[g];
        size_t k = (size_t)((GB_ALIGN - rg->addr % GB_ALIGN) % GB_ALIGN);
        for (; k < rg->size && rg->size - k >= GB_HDR_SIZE; k += GB_ALIGN) {
            const unsigned char *p = im->d + rg->off + k;
            if (p[0] != 0xff || memcmp(p, GB_MAGIC, GB_MAGIC_LEN) != 0)
                continue;
            size_t off = rg->off + k;
            bool seen = false;
            for (size_t t = 0; t < ntried && !seen; t++)
                seen = tried[t] == off;
            if (seen)
                continue;
            if (ntried == GB_MAX_CANDIDATES)
                return first;
            tried[ntried++] = off;
            const char *why = decode_at(im, off, r);
            if (!why)
                return NULL;
            if (!first)
                first = why;
        }
    }
    return first ? first : "not a Go executable: no build information found";
}

bool pkg_gobin_sniff(const char *data, size_t len)
{
    gb_image im;
    gb_raw r;
    return load_image(&im, data, len) && find_buildinfo(&im, &r) == NULL;
}

/* ---- the module text ---- */

typedef struct {
    mt_arena *a;
    pkg_errsink *err;
    pkg_gobin_info *info;
    size_t cap_deps, cap_settings;
    pkg_gobin_module *last; /* the module an "=>" line would replace */
    bool last_bad;          /* the previous mod/dep line was rejected */
} gb_mod;

/* Length of the Go quoted literal ("..." or `...`) at the start of
 * [s, s + n), 0 when there is none. */
static size_t quoted_prefix(const char *s, size_t n)
{
    if (n < 2)
        return 0;
    if (s[0] == '`') {
        const char *e = memchr(s + 1, '`', n - 1);
        return e ? (size_t)(e - s) + 1 : 0;
    }
    if (s[0] != '"')
        return 0;
    for (size_t i = 1; i < n; i++) {
        if (s[i] == '\\')
            i++;
        else if (s[i] == '"')
            return i + 1;
    }
    return 0;
}

/* Go's strconv.Unquote of a whole "..." or `...` literal [s, s + n) into an
 * arena string (escapes never make it longer). NULL when invalid. */
static char *unquote(mt_arena *a, const char *s, size_t n)
{
    if (quoted_prefix(s, n) != n)
        return NULL;
    char *o = mt_arena_alloc(a, n);
    size_t k = 0;
    if (s[0] == '`') {
        for (size_t i = 1; i + 1 < n; i++) {
            if (s[i] != '\r')
                o[k++] = s[i];
        }
        o[k] = '\0';
        return o;
    }
    for (size_t i = 1; i + 1 < n; i++) {
        char c = s[i];
        if (c != '\\') {
            o[k++] = c;
            continue;
        }
        c = s[++i]; /* i + 1 < n: the closing quote is never escaped */
        static const char from[] = "abfnrtv\\\"", to[] = "\a\b\f\n\r\t\v\\\"";
        const char *e = strchr(from, c);
        if (c && e) {
            o[k++] = to[e - from];
            continue;
        }
        if (c >= '0' && c <= '7') {
            if (n - 1 - i < 3)
                return NULL;
            unsigned v = 0;
            for (int j = 0; j < 3; j++) {
                char dch = s[i + (size_t)j];
                if (dch < '0' || dch > '7')
                    return NULL;
                v = v * 8 + (unsigned)(dch - '0');
            }
            if (v > 255)
                return NULL;
            o[k++] = (char)v;
            i += 2;
            continue;
        }
        int digits = c == 'x' ? 2 : c == 'u' ? 4 : c == 'U' ? 8 : 0;
        if (!digits || n - 1 - (i + 1) < (size_t)digits)
            return NULL;
        uint32_t v = 0;
        for (int j = 0; j < digits; j++) {
            int h = pkg_hexval(s[i + 1 + (size_t)j]);
            if (h < 0)
                return NULL;
            v = v * 16 + (uint32_t)h;
        }
        i += (size_t)digits;
        if (c == 'x') {
            o[k++] = (char)v;
        } else {
            if (v > 0x10ffff || (v >= 0xd800 && v <= 0xdfff))
                return NULL;
            k += pkg_utf8_encode(o + k, v);
        }
    }
    o[k] = '\0';
    return o;
}

/* Go's rules for what must be quoted in a build line; control characters
 * are refused unquoted too (Go lets them through). */
static bool needs_quote(const char *s, size_t n, bool key)
{
    if ((key && n == 0) || pkg_has_ctl(s, n))
        return true;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '"' || c == '`' ||
            (key && c == '='))
            return true;
    }
    return false;
}

/* Splits [s, s + n) at tabs into at most max fields; returns the number of
 * fields there are (which may exceed max). */
static size_t split_tabs(const char *s, size_t n, const char **f, size_t *fn, size_t max)
{
    size_t k = 0, start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && s[i] != '\t')
            continue;
        if (k < max) {
            f[k] = s + start;
            fn[k] = i - start;
        }
        k++;
        start = i + 1;
    }
    return k;
}

/* cmd/go's test for a replacement by a directory rather than a module. */
static bool is_dir_path(const char *p, size_t n)
{
    if ((n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.'))
        return true;
    if (n >= 2 && p[0] == '.' && (p[1] == '/' || p[1] == '\\'))
        return true;
    if (n >= 3 && p[0] == '.' && p[1] == '.' && (p[2] == '/' || p[2] == '\\'))
        return true;
    if (n >= 1 && (p[0] == '/' || p[0] == '\\'))
        return true;
    bool letter = n >= 3 && ((p[0] >= 'a' && p[0] <= 'z') || (p[0] >= 'A' && p[0] <= 'Z'));
    return letter && p[1] == ':' && (p[2] == '\\' || p[2] == '/');
}

/* A module path as Go allows it (golang.org/x/mod/module): ASCII letters,
 * digits and "-._~+", elements separated by single '/', none empty, none
 * starting with a dot. Checked so that a package name is always usable. */
static bool valid_module_path(const char *s, size_t n)
{
    if (n == 0)
        return false;
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '/') {
            if (i == start || s[start] == '.')
                return false;
            start = i + 1;
            continue;
        }
        char c = s[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '-' || c == '.' || c == '_' || c == '~' || c == '+';
        if (!ok)
            return false;
    }
    return true;
}

/* Versions ("v1.2.3", "v0.0.0-20210630005230-0f9fa26af87c", "(devel)",
 * "v2.0.0+incompatible") are printable ASCII without blanks. */
static bool valid_version(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if ((unsigned char)s[i] <= ' ' || (unsigned char)s[i] >= 0x7f)
            return false;
    }
    return true;
}

/* Parses the fields of a mod, dep or => line; NULL and an error when bad.
 * An empty path is kept (some old toolchains write one; no package is
 * made of it). */
static pkg_gobin_module *parse_module(gb_mod *m, int lineno, const char *word, const char *s,
                                      size_t n, bool replacement)
{
    const char *f[3];
    size_t fn[3];
    size_t k = split_tabs(s, n, f, fn, 3);
    if (replacement ? k != 3 : (k != 2 && k != 3)) {
        pkg_error(m->err, 0, "module information line %d: %s line has %zu columns, expected %s",
                  lineno, word, k, replacement ? "3" : "2 or 3");
        return NULL;
    }
    for (size_t i = 0; i < k; i++) {
        if (fn[i] > PKG_MAX_VALUE) {
            pkg_error(m->err, 0, "module information line %d: %s field is too long (%zu bytes)",
                      lineno, word, fn[i]);
            return NULL;
        }
        if (pkg_has_ctl(f[i], fn[i])) {
            pkg_error(m->err, 0, "module information line %d: %s field holds a control character",
                      lineno, word);
            return NULL;
        }
    }
    if (fn[0] && !valid_module_path(f[0], fn[0]) && !(replacement && is_dir_path(f[0], fn[0]))) {
        pkg_error(m->err, 0, "module information line %d: invalid module path '%.*s'", lineno,
                  (int)(fn[0] > 64 ? 64 : fn[0]), f[0]);
        return NULL;
    }
    if (!valid_version(f[1], fn[1]) || (k == 3 && !valid_version(f[2], fn[2]))) {
        pkg_error(m->err, 0, "module information line %d: %s version or sum holds a blank or non-ASCII byte",
                  lineno, word);
        return NULL;
    }
    pkg_gobin_module *mod = mt_arena_alloc(m->a, sizeof(*mod));
    mod->path = mt_arena_strndup(m->a, f[0], fn[0]);
    mod->version = mt_arena_strndup(m->a, f[1], fn[1]);
    mod->sum = k == 3 ? mt_arena_strndup(m->a, f[2], fn[2]) : mt_arena_strdup(m->a, "");
    return mod;
}

static void parse_build(gb_mod *m, int lineno, const char *s, size_t n)
{
    const char *why = NULL;
    char *key = NULL, *value = NULL;
    const char *raw = NULL; /* the value as written */
    size_t rn = 0;
    if (n == 0) {
        why = "build line misses '='";
    } else if (s[0] == '=') {
        why = "build line has an empty key";
    } else if (s[0] == '"' || s[0] == '`') {
        size_t q = quoted_prefix(s, n);
        if (q == 0 || !(key = unquote(m->a, s, q))) {
            why = "build line has an invalid quoted key";
        } else if (q == n || s[q] != '=') {
            why = "build line has no '=' after its quoted key";
        } else {
            raw = s + q + 1;
            rn = n - q - 1;
        }
    } else {
        const char *eq = memchr(s, '=', n);
        if (!eq) {
            why = "build line misses '='";
        } else {
            size_t kn = (size_t)(eq - s);
            if (needs_quote(s, kn, true))
                why = "build line has a key that should be quoted";
            else
                key = mt_arena_strndup(m->a, s, kn);
            raw = eq + 1;
            rn = n - kn - 1;
        }
    }
    if (!why) {
        if (rn > 0 && (raw[0] == '"' || raw[0] == '`')) {
            if (!(value = unquote(m->a, raw, rn)))
                why = "build line has an invalid quoted value";
        } else if (needs_quote(raw, rn, false)) {
            why = "build line has a value that should be quoted";
        } else {
            value = mt_arena_strndup(m->a, raw, rn);
        }
    }
    if (why) {
        pkg_error(m->err, 0, "module information line %d: %s", lineno, why);
        return;
    }
    if (m->info->nsettings == m->cap_settings)
        return; /* cannot happen: the array is sized by a first pass */
    pkg_gobin_setting *st = &m->info->settings[m->info->nsettings++];
    st->key = key;
    st->value = value;
}

static bool has_word(const char *s, size_t n, const char *w)
{
    size_t l = strlen(w);
    return n >= l && memcmp(s, w, l) == 0;
}

static void parse_line(gb_mod *m, int lineno, const char *s, size_t n)
{
    pkg_gobin_info *info = m->info;
    if (n > GB_MAX_SETTING) {
        pkg_error(m->err, 0, "module information line %d is too long (%zu bytes)", lineno, n);
        m->last = NULL;
        m->last_bad = true;
        return;
    }
    if (has_word(s, n, "path\t")) {
        if (n - 5 > PKG_MAX_VALUE || pkg_has_ctl(s + 5, n - 5)) {
            pkg_error(m->err, 0, "module information line %d: invalid path", lineno);
            return;
        }
        info->path = mt_arena_strndup(m->a, s + 5, n - 5);
    } else if (has_word(s, n, "mod\t") || has_word(s, n, "dep\t")) {
        bool dep = s[0] == 'd';
        pkg_gobin_module *mod = parse_module(m, lineno, dep ? "dep" : "mod", s + 4, n - 4, false);
        m->last = mod;
        m->last_bad = mod == NULL;
        if (!mod)
            return;
        if (!dep)
            info->main = mod;
        else if (info->ndeps < m->cap_deps)
            info->deps[info->ndeps++] = mod;
    } else if (has_word(s, n, "=>\t")) {
        if (!m->last) {
            if (!m->last_bad)
                pkg_error(m->err, 0,
                          "module information line %d: replacement without a module before it",
                          lineno);
            m->last_bad = false;
            return;
        }
        m->last->replace = parse_module(m, lineno, "=>", s + 3, n - 3, true);
        m->last = NULL;
    } else if (has_word(s, n, "build\t")) {
        parse_build(m, lineno, s + 6, n - 6);
    }
    /* "go\t" (the version, already known from the header), empty and
     * unknown lines: nothing to do */
}

static void parse_modinfo(mt_arena *a, pkg_errsink *err, pkg_gobin_info *info)
{
    gb_mod m;
    memset(&m, 0, sizeof(m));
    m.a = a;
    m.err = err;
    m.info = info;
    pkg_lines it;
    const char *s;
    size_t n;
    pkg_lines_init(&it, info->modinfo, info->modinfo_len);
    while (pkg_lines_next(&it, &s, &n) && it.lineno <= GB_MAX_LINES) {
        if (has_word(s, n, "dep\t"))
            m.cap_deps++;
        else if (has_word(s, n, "build\t"))
            m.cap_settings++;
    }
    if (m.cap_deps)
        info->deps = mt_arena_alloc(a, m.cap_deps * sizeof(*info->deps));
    if (m.cap_settings)
        info->settings = mt_arena_alloc(a, m.cap_settings * sizeof(*info->settings));
    pkg_lines_init(&it, info->modinfo, info->modinfo_len);
    while (pkg_lines_next(&it, &s, &n)) {
        if (it.lineno > GB_MAX_LINES) {
            pkg_error(err, 0, "module information has more than %d lines; the rest is ignored",
                      GB_MAX_LINES);
            break;
        }
        parse_line(&m, it.lineno, s, n);
    }
}

/* ---- public ---- */

int pkg_gobin_read(mt_arena *a, const char *data, size_t len, pkg_gobin_info *out, mt_vec *errs)
{
    memset(out, 0, sizeof(*out));
    pkg_errsink err = {.a = a, .errs = errs};
    gb_image im;
    if (!load_image(&im, data, len)) {
        pkg_error(&err, 0, "not an executable (ELF, PE or Mach-O)");
        return -1;
    }
    gb_raw r;
    const char *why = find_buildinfo(&im, &r);
    if (im.bad)
        pkg_error(&err, 0, "%s: %s", im.container, im.bad);
    if (why) {
        pkg_error(&err, 0, "%s", why);
        return -1;
    }
    out->container = im.container;
    out->offset = r.off;
    out->ptr_size = r.ptr_size;
    out->big_endian = r.big_endian;
    out->inline_strings = r.inline_strings;
    out->go_version = mt_arena_strndup(a, (const char *)r.vers, r.vn);
    const unsigned char *mod = r.mod;
    size_t mn = r.mn;
    if (mn >= 33 && mod[mn - 17] == '\n') {
        mod += 16;
        mn -= 32;
    } else if (mn > 0) {
        pkg_error(&err, 0, "module information lacks its sentinels; ignored");
        mn = 0;
    }
    out->modinfo = mt_arena_strndup(a, (const char *)mod, mn);
    out->modinfo_len = mn;
    parse_modinfo(a, &err, out);
    return 0;
}

char *pkg_gobin_stdlib_version(mt_arena *a, const char *go_version)
{
    const char *v = go_version ? go_version : "";
    if (v[0] == 'g' && v[1] == 'o' && v[2] >= '0' && v[2] <= '9') {
        size_t n = strcspn(v + 2, " \t");
        return mt_arena_printf(a, "v%.*s", (int)n, v + 2);
    }
    return mt_arena_strdup(a, v);
}

typedef struct {
    mt_arena *a;
    char *db_path;
    mt_vec *out;
    size_t added;
} gb_emit;

static void emit(gb_emit *e, const char *name, const char *version, const char *sum)
{
    mt_pkg *p = mt_arena_alloc(e->a, sizeof(*p));
    p->type = "golang";
    p->name = mt_arena_strdup(e->a, name);
    p->version = mt_arena_strdup(e->a, *version ? version : "(devel)");
    p->source_name = p->name;
    p->source_version = p->version;
    p->checksum = sum && *sum ? mt_arena_strdup(e->a, sum) : NULL;
    p->db_path = e->db_path;
    p->layer = -1;
    mt_vec_push(e->out, p);
    e->added++;
}

static void emit_module(gb_emit *e, const pkg_gobin_module *m)
{
    const char *name = m->path, *version = m->version, *sum = m->sum;
    const pkg_gobin_module *r = m->replace;
    if (r && is_dir_path(r->path, strlen(r->path))) {
        version = r->version;
        sum = NULL;
    } else if (r) {
        name = r->path;
        version = r->version;
        sum = r->sum;
    }
    if (*name)
        emit(e, name, version, sum);
}

size_t pkg_parse_go_binary(mt_arena *a, const char *data, size_t len, const char *path,
                           mt_vec *out, mt_vec *errs)
{
    pkg_gobin_info info;
    if (pkg_gobin_read(a, data, len, &info, errs) != 0)
        return 0;
    gb_emit e = {.a = a, .db_path = mt_arena_strdup(a, path ? path : ""), .out = out};
    emit(&e, "stdlib", pkg_gobin_stdlib_version(a, info.go_version), NULL);
    if (info.main)
        emit_module(&e, info.main);
    for (size_t i = 0; i < info.ndeps; i++)
        emit_module(&e, info.deps[i]);
    return e.added;
}
