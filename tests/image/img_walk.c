/* img_walk.c — manual end-to-end tool for the image reader: opens an image,
 * prints what img_open found, walks every layer (optionally from several
 * threads at once) and checks that given paths exist. Not a unit test:
 * tests/image/e2e_debian.sh builds and runs it against real images.
 *
 *   img_walk [-j THREADS] [-p PLATFORM] [-f PATH]... [-q] TARGET
 *   img_walk --blob FILE [--zlib]     walk one layer blob (ISA-L vs zlib)
 *
 * Exit status: 0 when every walk succeeded and every -f path was found. */
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "image/img.h"
#include "image/img_internal.h"

#define MAX_FIND 16

typedef struct job {
    img_image *im;
    size_t layer;
    const char **find;
    size_t nfind;
    bool found[MAX_FIND];
    uint64_t entries, files, bytes_read, whiteouts;
    img_walk_stats st;
    int rc;
    char err[1024];
} job;

static int on_entry(void *ud, img_walk *w, const img_entry *e)
{
    job *j = ud;
    j->entries++;
    if (e->type == IMG_WHITEOUT || e->type == IMG_OPAQUE)
        j->whiteouts++;
    if (e->type != IMG_REG)
        return 0;
    j->files++;
    for (size_t k = 0; k < j->nfind; k++) {
        if (!strcmp(e->path, j->find[k])) {
            char *data;
            size_t len;
            bool trunc;
            if (img_walk_read(w, 1 << 20, &data, &len, &trunc) == 0) {
                j->found[k] = len > 0;
                j->bytes_read += len;
                free(data);
            }
        }
    }
    return 0;
}

static void *run(void *arg)
{
    job *j = arg;
    j->rc = img_walk_layer_stats(j->im, j->layer, on_entry, j, &j->st, j->err, sizeof(j->err));
    return NULL;
}

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static int walk_blob(const char *file, bool zlib)
{
    int fd = open(file, O_RDONLY);
    struct stat st;
    if (fd < 0 || fstat(fd, &st) < 0) {
        perror(file);
        return 2;
    }
    img_rd rd = {.fd = fd, .off = 0, .size = (uint64_t)st.st_size};
    img_blob_opts o = {0};
    o.use_zlib = zlib;
    o.what = file;
    job j = {0};
    double t0 = now();
    int rc = img_walk_blob(&rd, &o, on_entry, &j, &j.st, j.err, sizeof(j.err));
    double t1 = now();
    close(fd);
    if (rc != 0) {
        fprintf(stderr, "img_walk: %s\n", j.err);
        return 1;
    }
    printf("%s: %llu entries, %llu -> %llu bytes, %.3f s (%s)\n", file,
           (unsigned long long)j.entries, (unsigned long long)j.st.blob_bytes,
           (unsigned long long)j.st.tar_bytes, t1 - t0, zlib ? "zlib" : "default inflater");
    return 0;
}

int main(int argc, char **argv)
{
    int threads = 1;
    bool quiet = false;
    const char *platform = NULL;
    const char *find[MAX_FIND];
    size_t nfind = 0;
    int i = 1;
    for (; i < argc; i++) {
        if (!strcmp(argv[i], "--blob") && i + 1 < argc) {
            bool zlib = i + 2 < argc && !strcmp(argv[i + 2], "--zlib");
            return walk_blob(argv[i + 1], zlib);
        } else if (!strcmp(argv[i], "-j") && i + 1 < argc) {
            threads = atoi(argv[++i]);
        } else if (!strcmp(argv[i], "-p") && i + 1 < argc) {
            platform = argv[++i];
        } else if (!strcmp(argv[i], "-f") && i + 1 < argc && nfind < MAX_FIND) {
            find[nfind++] = argv[++i];
        } else if (!strcmp(argv[i], "-q")) {
            quiet = true;
        } else {
            break;
        }
    }
    if (i != argc - 1) {
        fprintf(stderr, "usage: img_walk [-j N] [-p PLATFORM] [-f PATH]... [-q] TARGET\n"
                        "       img_walk --blob FILE [--zlib]\n");
        return 2;
    }
    img_open_opts oo = {0};
    oo.platform = platform;
    img_image *im;
    char err[1024];
    double t0 = now();
    if (img_open(argv[i], &oo, &im, err, sizeof(err)) < 0) {
        fprintf(stderr, "img_walk: %s\n", err);
        return 1;
    }
    if (!quiet) {
        printf("kind %s\nmanifest %s\nconfig %s\n", im->kind,
               im->manifest_digest ? im->manifest_digest : "-",
               im->config_digest ? im->config_digest : "-");
        for (size_t k = 0; k < im->ntags; k++)
            printf("tag %s\n", im->tags[k]);
        printf("platform %s/%s%s%s user '%s' env %zu history %zu\n",
               im->config.os ? im->config.os : "?", im->config.arch ? im->config.arch : "?",
               im->config.variant ? "/" : "", im->config.variant ? im->config.variant : "",
               im->config.user ? im->config.user : "", im->config.nenv, im->config.nhistory);
        for (size_t k = 0; k < im->nlayers; k++) {
            const img_layer *l = &im->layers[k];
            printf("layer %zu digest %s diff %s type %s size %lld by %.60s\n", k,
                   l->digest ? l->digest : "-", l->diff_id ? l->diff_id : "-",
                   l->media_type ? l->media_type : "-", (long long)l->size,
                   l->created_by ? l->created_by : "-");
        }
    }
    job *jobs = calloc(im->nlayers ? im->nlayers : 1, sizeof(job));
    for (size_t k = 0; k < im->nlayers; k++) {
        jobs[k].im = im;
        jobs[k].layer = k;
        jobs[k].find = find;
        jobs[k].nfind = nfind;
    }
    if (threads < 1)
        threads = 1;
    for (size_t k = 0; k < im->nlayers; k += (size_t)threads) {
        pthread_t th[64];
        size_t n = 0;
        for (; n < (size_t)threads && n < 64 && k + n < im->nlayers; n++)
            pthread_create(&th[n], NULL, run, &jobs[k + n]);
        for (size_t m = 0; m < n; m++)
            pthread_join(th[m], NULL);
    }
    double t1 = now();
    int status = 0;
    bool found[MAX_FIND] = {0};
    for (size_t k = 0; k < im->nlayers; k++) {
        job *j = &jobs[k];
        if (j->rc != 0) {
            fprintf(stderr, "img_walk: %s\n", j->err);
            status = 1;
        }
        for (size_t f = 0; f < nfind; f++)
            found[f] = found[f] || j->found[f];
        if (!quiet)
            printf("walk %zu: %llu entries (%llu files, %llu whiteouts), %llu skipped, %llu -> "
                   "%llu bytes\n",
                   k, (unsigned long long)j->entries, (unsigned long long)j->files,
                   (unsigned long long)j->whiteouts, (unsigned long long)j->st.skipped,
                   (unsigned long long)j->st.blob_bytes, (unsigned long long)j->st.tar_bytes);
    }
    for (size_t f = 0; f < nfind; f++) {
        printf("%s %s\n", found[f] ? "found" : "MISSING", find[f]);
        if (!found[f])
            status = 1;
    }
    printf("time %.3f s\n", t1 - t0);
    free(jobs);
    img_close(im);
    return status;
}
