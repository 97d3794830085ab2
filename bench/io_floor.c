/* io_floor.c — what reading the benchmark's files costs, with no linting.
 *
 *   cc -O2 -pthread -o io_floor bench/io_floor.c
 *   io_floor FILE...            prints the number of lines read
 *
 * bench/run.sh times it beside moat and dockerfilelint on the same file
 * list: it is the floor under any linter that must open and read each file
 * and honour a .hadolint.yaml next to it. It makes the system calls moat
 * cannot avoid for a list of files — stat each named path (a directory is
 * walked, a file is read), stat .hadolint.yaml and .hadolint.yml once per
 * directory, then open, fstat, read and close each file — on one thread per
 * CPU, each started on a CPU of its own, and counts the lines so the data
 * is touched. It parses and judges nothing. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <sched.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define MAX_THREADS 64
#define MAX_FILE (8u << 20)

static char **files;
static int nfiles;
static atomic_int next_file;

/* Directories already looked at for a .hadolint.yaml: a small open-addressing
 * set, guarded by a mutex (moat keeps the same kind of cache). */
static pthread_mutex_t dirs_lock = PTHREAD_MUTEX_INITIALIZER;
static char **dirs;
static size_t dirs_cap;

static unsigned long hash(const char *s, size_t n)
{
    unsigned long h = 1469598103934665603ul;
    for (size_t i = 0; i < n; i++)
        h = (h ^ (unsigned char)s[i]) * 1099511628211ul;
    return h;
}

/* True the first time a directory is seen. */
static int first_visit(const char *dir, size_t n)
{
    pthread_mutex_lock(&dirs_lock);
    size_t i = hash(dir, n) & (dirs_cap - 1);
    while (dirs[i]) {
        if (strlen(dirs[i]) == n && memcmp(dirs[i], dir, n) == 0) {
            pthread_mutex_unlock(&dirs_lock);
            return 0;
        }
        i = (i + 1) & (dirs_cap - 1);
    }
    dirs[i] = strndup(dir, n);
    pthread_mutex_unlock(&dirs_lock);
    return 1;
}

static void look_for_hadolint(const char *path)
{
    const char *slash = strrchr(path, '/');
    size_t n = slash ? (size_t)(slash - path) : 0;
    if (!first_visit(path, n))
        return;
    char p[4096];
    struct stat sb;
    static const char *const names[] = {".hadolint.yaml", ".hadolint.yml"};
    for (int k = 0; k < 2; k++) {
        if (snprintf(p, sizeof(p), "%.*s%s%s", (int)n, path, n ? "/" : "", names[k]) < (int)sizeof(p))
            (void)stat(p, &sb);
    }
}

static cpu_set_t allowed;

static void *work(void *arg)
{
    if (arg)
        sched_setaffinity(0, sizeof(allowed), &allowed);
    char *buf = malloc(MAX_FILE);
    long lines = 0;
    for (;;) {
        int i = atomic_fetch_add(&next_file, 1);
        if (i >= nfiles)
            break;
        struct stat sb;
        if (stat(files[i], &sb) != 0 || !S_ISREG(sb.st_mode))
            continue;
        look_for_hadolint(files[i]);
        int fd = open(files[i], O_RDONLY | O_CLOEXEC);
        if (fd < 0)
            continue;
        if (fstat(fd, &sb) == 0 && sb.st_size < (off_t)MAX_FILE) {
            ssize_t got = read(fd, buf, (size_t)sb.st_size);
            for (ssize_t k = 0; k < got; k++)
                lines += buf[k] == '\n';
        }
        close(fd);
    }
    free(buf);
    return (void *)lines;
}

int main(int argc, char **argv)
{
    files = argv + 1;
    nfiles = argc - 1;
    dirs_cap = 1;
    while (dirs_cap < 2 * (size_t)nfiles + 2)
        dirs_cap *= 2;
    dirs = calloc(dirs_cap, sizeof(char *));
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    if (n < 1)
        n = 1;
    if (n > MAX_THREADS)
        n = MAX_THREADS;
    if (nfiles < 32)
        n = 1;
    pthread_t tid[MAX_THREADS];
    int started = 0, cpu = -1, here = sched_getcpu();
    int place = sched_getaffinity(0, sizeof(allowed), &allowed) == 0;
    for (long t = 1; t < n; t++) {
        pthread_attr_t attr;
        pthread_attr_init(&attr);
        if (place) {
            do
                cpu++;
            while (cpu < CPU_SETSIZE && (!CPU_ISSET(cpu, &allowed) || cpu == here));
            if (cpu < CPU_SETSIZE) {
                cpu_set_t one;
                CPU_ZERO(&one);
                CPU_SET(cpu, &one);
                pthread_attr_setaffinity_np(&attr, sizeof(one), &one);
            }
        }
        if (pthread_create(&tid[started], &attr, work, (void *)1) == 0)
            started++;
        pthread_attr_destroy(&attr);
    }
    long total = (long)work(NULL);
    for (int t = 0; t < started; t++) {
        void *r;
        pthread_join(tid[t], &r);
        total += (long)r;
    }
    printf("%ld\n", total);
    for (size_t i = 0; i < dirs_cap; i++)
        free(dirs[i]);
    free(dirs);
    return 0;
}
