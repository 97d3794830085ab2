/* img_dir.c — the dir: source: a root filesystem directory walked as one
 * pseudo-layer, in sorted order, with directory fds and *at() calls so no
 * symlink is ever followed (not even in a parent), staying on the root's
 * filesystem, and reading content only when the callback asks. See
 * img_internal.h. */
#include "image/img_internal.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_DEPTH 256

typedef struct dir_ctx {
    const char *what;
    img_limits lim;
    img_entry_fn fn;
    void *ud;
    img_walk_stats st;
    char *path;      /* the current relative path, max_path + 1 bytes */
    char *link;      /* symlink target buffer */
    size_t linkcap;
    dev_t root_dev;
    mt_strmap inodes; /* "dev:ino" -> first path (arena) of a multiply linked file */
    mt_arena arena;
    char *err;
    size_t errlen;
} dir_ctx;

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names of a directory, sorted; malloc()ed array of malloc()ed
 * strings. Returns 0, or -1 with errno. */
static int list_dir(int dfd, char ***out, size_t *n)
{
    *out = NULL;
    *n = 0;
    int fd = dup(dfd);
    if (fd < 0)
        return -1;
    DIR *d = fdopendir(fd);
    if (!d) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    rewinddir(d);
    mt_vec v = {0};
    struct dirent *de;
    errno = 0;
    while ((de = readdir(d)) != NULL) {
        if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
            continue;
        mt_vec_push(&v, mt_xstrdup(de->d_name));
        errno = 0;
    }
    int e = errno;
    closedir(d);
    if (e) {
        for (size_t i = 0; i < v.len; i++)
            free(v.items[i]);
        mt_vec_free(&v);
        errno = e;
        return -1;
    }
    if (v.len)
        qsort(v.items, v.len, sizeof(char *), cmp_names);
    *out = (char **)v.items;
    *n = v.len;
    return 0;
}

static int walk_dir(dir_ctx *c, int dfd, size_t plen, int depth)
{
    char **names;
    size_t nnames;
    if (list_dir(dfd, &names, &nnames) < 0)
        return img_err(c->err, c->errlen, "%s: cannot list '%s': %s", c->what,
                       plen ? c->path : ".", strerror(errno));
    int rc = 0;
    for (size_t i = 0; i < nnames && rc == 0; i++) {
        const char *name = names[i];
        size_t nlen = strlen(name);
        size_t newlen = plen + (plen ? 1 : 0) + nlen;
        if (newlen > c->lim.max_path) {
            c->path[plen] = '\0';
            rc = img_err(c->err, c->errlen, "%s: entry '%s/%.100s...': path longer than %u bytes",
                         c->what, c->path, name, c->lim.max_path);
            break;
        }
        if (plen)
            c->path[plen] = '/';
        memcpy(c->path + plen + (plen ? 1 : 0), name, nlen + 1);

        struct stat st;
        if (fstatat(dfd, name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
            c->st.skipped++; /* removed while we walk */
            continue;
        }
        if (c->st.entries + c->st.skipped >= c->lim.max_entries) {
            rc = img_err(c->err, c->errlen, "%s: more than %llu entries", c->what,
                         (unsigned long long)c->lim.max_entries);
            break;
        }
        img_entry e = {0};
        e.path = c->path;
        e.mode = (uint32_t)(st.st_mode & 07777);
        e.uid = st.st_uid;
        e.gid = st.st_gid;
        img_walk w;
        memset(&w, 0, sizeof(w));
        w.kind = 1;
        w.dirfd = dfd;
        w.name = name;
        w.dev = st.st_dev;
        w.ino = st.st_ino;
        if (S_ISREG(st.st_mode)) {
            e.type = IMG_REG;
            e.size = st.st_size;
            if (st.st_nlink > 1) {
                char key[64];
                snprintf(key, sizeof(key), "%llx:%llx", (unsigned long long)st.st_dev,
                         (unsigned long long)st.st_ino);
                bool found;
                const char *first = mt_strmap_get(&c->inodes, key, &found);
                if (found) {
                    e.type = IMG_HARDLINK;
                    e.link = first;
                    e.size = 0;
                } else {
                    mt_strmap_put(&c->inodes, key, mt_arena_strdup(&c->arena, c->path));
                }
            }
            w.readable = e.type == IMG_REG;
            w.size = e.size;
        } else if (S_ISDIR(st.st_mode)) {
            e.type = IMG_DIR;
        } else if (S_ISLNK(st.st_mode)) {
            ssize_t k = readlinkat(dfd, name, c->link, c->linkcap - 1);
            if (k < 0) {
                c->st.skipped++;
                continue;
            }
            c->link[k] = '\0';
            e.type = IMG_SYMLINK;
            e.link = c->link;
        } else {
            e.type = IMG_OTHER;
        }
        c->st.entries++;
        int cb = c->fn(c->ud, &w, &e);
        if (w.failed) {
            rc = img_err(c->err, c->errlen, "%s: entry '%s': %s", c->what, c->path, w.msg);
            break;
        }
        if (cb != 0) {
            img_err(c->err, c->errlen, "%s: walk stopped by the callback at entry '%s'", c->what,
                    c->path);
            rc = cb;
            break;
        }
        if (e.type == IMG_DIR) {
            if (st.st_dev != c->root_dev)
                continue; /* a mount point: stay on the root's filesystem */
            if (depth + 1 >= MAX_DEPTH) {
                rc = img_err(c->err, c->errlen, "%s: entry '%s': directories nested deeper than %d",
                             c->what, c->path, MAX_DEPTH);
                break;
            }
            int cfd = openat(dfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
            if (cfd < 0) {
                if (errno == EACCES || errno == ENOENT || errno == ELOOP || errno == ENOTDIR) {
                    c->st.skipped++; /* unreadable, or replaced while we walk */
                    continue;
                }
                rc = img_err(c->err, c->errlen, "%s: cannot open directory '%s': %s", c->what,
                             c->path, strerror(errno));
                break;
            }
            rc = walk_dir(c, cfd, newlen, depth + 1);
            close(cfd);
        }
    }
    for (size_t i = 0; i < nnames; i++)
        free(names[i]);
    free(names);
    c->path[plen] = '\0';
    return rc;
}

int img_dir_walk(const char *root, const img_limits *lim, const char *what, img_entry_fn fn,
                 void *ud, img_walk_stats *st, char *err, size_t errlen)
{
    dir_ctx c;
    memset(&c, 0, sizeof(c));
    c.what = what ? what : root;
    img_limits_fill(&c.lim, lim);
    c.fn = fn;
    c.ud = ud;
    c.err = err;
    c.errlen = errlen;
    int fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0)
        return img_err(err, errlen, "%s: cannot open directory: %s", c.what, strerror(errno));
    struct stat rst;
    if (fstat(fd, &rst) < 0) {
        int e = errno;
        close(fd);
        return img_err(err, errlen, "%s: %s", c.what, strerror(e));
    }
    c.root_dev = rst.st_dev;
    c.path = mt_xmalloc((size_t)c.lim.max_path + 1);
    c.path[0] = '\0';
    c.linkcap = 4097;
    c.link = mt_xmalloc(c.linkcap);
    mt_arena_init(&c.arena);
    int rc = walk_dir(&c, fd, 0, 0);
    close(fd);
    if (st)
        *st = c.st;
    free(c.path);
    free(c.link);
    mt_strmap_free(&c.inodes);
    mt_arena_free(&c.arena);
    return rc;
}

/* Opens the current entry, checking that it is still the regular file the
 * walk saw; fills *st. Returns the descriptor, or -1 with w->msg set. */
static int open_entry(img_walk *w, struct stat *st)
{
    int fd = openat(w->dirfd, w->name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
    if (fd < 0) {
        snprintf(w->msg, sizeof(w->msg), "cannot open: %s", strerror(errno));
        return -1;
    }
    if (fstat(fd, st) < 0 || !S_ISREG(st->st_mode) || st->st_dev != w->dev || st->st_ino != w->ino) {
        close(fd);
        snprintf(w->msg, sizeof(w->msg), "replaced while the walk was reading it");
        return -1;
    }
    return fd;
}

/* Unlike a layer stream, a directory walk can go on after a file fails to
 * read (unreadable, replaced): the read returns -1 and w->msg says why, but
 * the walk is not failed. */
int img_dir_stream(img_walk *w, char *buf, size_t cap, int (*fn)(void *ud, const char *data, size_t len),
                   void *ud)
{
    struct stat st;
    int fd = open_entry(w, &st);
    if (fd < 0)
        return -1;
    int rc = 0;
    for (;;) {
        ssize_t k = read(fd, buf, cap);
        if (k < 0 && errno == EINTR)
            continue;
        if (k < 0) {
            snprintf(w->msg, sizeof(w->msg), "read failed: %s", strerror(errno));
            rc = -1;
            break;
        }
        if (k == 0 || fn(ud, buf, (size_t)k) != 0)
            break;
    }
    close(fd);
    return rc;
}

int img_dir_read(img_walk *w, size_t max, char **data, size_t *len, bool *truncated)
{
    struct stat st;
    int fd = open_entry(w, &st);
    if (fd < 0)
        return -1;
    uint64_t size = st.st_size > 0 ? (uint64_t)st.st_size : 0;
    size_t cap = size < max ? (size_t)size : max;
    char *buf = mt_xmalloc(cap + 1);
    size_t got = 0;
    while (got < cap) {
        ssize_t k = read(fd, buf + got, cap - got);
        if (k < 0) {
            if (errno == EINTR)
                continue;
            int e = errno;
            close(fd);
            free(buf);
            snprintf(w->msg, sizeof(w->msg), "read failed: %s", strerror(e));
                return -1;
        }
        if (k == 0)
            break;
        got += (size_t)k;
    }
    bool more = size > max;
    if (!more && got == cap) {
        char extra;
        ssize_t k;
        do
            k = read(fd, &extra, 1);
        while (k < 0 && errno == EINTR);
        more = k > 0;
    }
    close(fd);
    buf[got] = '\0';
    *data = buf;
    *len = got;
    if (truncated)
        *truncated = more;
    return 0;
}
