/* fuzz_layer.c — libFuzzer harness for layer streaming: the input is a
 * layer blob (gzip, zstd or plain tar, detected by magic), walked with
 * img_walk_blob_memory() through both gzip decoders (ISA-L when built in,
 * and zlib), reading the content of regular files; the two walks must
 * agree. The input is also indexed as an outer tar (img_tar_index_build),
 * the way oci-archive and docker-archive files are, and looked up. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "image/img_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

typedef struct tally {
    uint64_t entries, bytes, hash;
} tally;

static int on_entry(void *ud, img_walk *w, const img_entry *e)
{
    tally *t = ud;
    t->entries++;
    size_t plen = strlen(e->path);
    if (plen > 4096 || (plen && e->path[plen - 1] == '/') || e->path[0] == '/')
        __builtin_trap();
    if (!strncmp(e->path, "./", 2) || !strcmp(e->path, "..") || !strncmp(e->path, "../", 3) ||
        strstr(e->path, "/../") || strstr(e->path, "//"))
        __builtin_trap();
    t->hash = t->hash * 31 + (uint64_t)e->type + plen;
    if (e->link)
        t->hash += strlen(e->link);
    if (e->type == IMG_HARDLINK && (!e->link || e->link[0] == '/' || !strcmp(e->link, "..")))
        __builtin_trap();
    if (e->type == IMG_REG && (t->entries & 1)) {
        char *buf;
        size_t len;
        bool trunc;
        if (img_walk_read(w, 1000, &buf, &len, &trunc) == 0) {
            if (len > 1000 || buf[len] != '\0')
                __builtin_trap();
            t->bytes += len;
            for (size_t i = 0; i < len; i++)
                t->hash += (unsigned char)buf[i];
            free(buf);
            /* a second read of the same entry is refused */
            if (img_walk_read(w, 10, &buf, &len, &trunc) == 0)
                __builtin_trap();
        }
    }
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    img_blob_opts o = {0};
    o.limits.max_layer_size = 32u << 20;
    o.limits.max_entries = 20000;
    o.what = "fuzz";
    char err[1024];
    tally t[2];
    int rc[2];
    for (int zlib = 0; zlib < 2; zlib++) {
        memset(&t[zlib], 0, sizeof(t[zlib]));
        o.use_zlib = zlib;
        img_walk_stats st;
        err[0] = '\0';
        rc[zlib] = img_walk_blob_memory(data, size, &o, on_entry, &t[zlib], &st, err, sizeof(err));
        if (rc[zlib] != 0 && (rc[zlib] != -1 || !err[0]))
            __builtin_trap();
        if (st.blob_bytes > size || st.entries != t[zlib].entries)
            __builtin_trap();
    }
    /* ISA-L and zlib must accept the same layers and see the same content
     * (on damaged input they may notice the damage at different points) */
    if (rc[0] != rc[1])
        __builtin_trap();
    if (rc[0] == 0 &&
        (t[0].entries != t[1].entries || t[0].hash != t[1].hash || t[0].bytes != t[1].bytes))
        __builtin_trap();

    img_rd rd = {.fd = -1, .mem = data, .off = 0, .size = size};
    img_tar_index ix;
    if (img_tar_index_build(&ix, &rd, 1000, err, sizeof(err)) == 0) {
        static const char *const names[] = {"index.json", "manifest.json", "oci-layout",
                                            "a/layer.tar", "blobs/sha256/x"};
        for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
            const img_tar_member *m = img_tar_lookup(&ix, names[i]);
            if (m && (m->off > size || m->size > size - m->off))
                __builtin_trap();
        }
        for (size_t i = 0; i < ix.map.cap; i++) {
            const img_tar_member *m = ix.map.vals[i];
            if (!ix.map.keys[i])
                continue;
            if (m->off > size || m->size > size - m->off)
                __builtin_trap();
            const img_tar_member *r = img_tar_lookup(&ix, ix.map.keys[i]);
            if (r && r->type != 'f')
                __builtin_trap();
        }
        img_tar_index_free(&ix);
    }
    return 0;
}
