/* test_vuln_fetch.c — unit tests of fetch_url() (vuln/fetch.h) against real
 * servers on 127.0.0.1: tests/vuln/httpd.py run three times, as a plain
 * HTTP server and as HTTPS servers with certificates made by the openssl
 * command at test time (a: for 127.0.0.1, b: another CA for 127.0.0.1,
 * c: for another host name). Each test downloads into its own directory
 * and checks the file, the result, the error, what the server saw (request
 * counts through /hits, read with a plain socket) and that no temporary
 * file is left. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <cmocka.h>

#include "core/util.h"
#include "vuln/fetch.h"

#include "../vuln/fixture.h"

#define LAST_MODIFIED "Wed, 21 Oct 2015 07:28:00 GMT"

typedef struct {
    pid_t pid;
    int in_fd; /* the server's stdin: closing it stops the server */
    int port;
} server;

static char tmpdir[256];
static server http_srv, tls_a, tls_b, tls_c;
static int dir_seq;

/* ---- helpers ---- */

static int run(const char *cmd)
{
    int st = system(cmd);
    return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

/* Starts httpd.py (with --tls CERT KEY when cert is given) and reads its port. */
static int start_server(server *s, const char *cert, const char *key)
{
    char script[4096];
    vulnfx_path(script, sizeof(script), "httpd.py");
    int in[2], out[2];
    if (pipe(in) != 0 || pipe(out) != 0)
        return -1;
    pid_t pid = fork();
    if (pid < 0)
        return -1;
    if (pid == 0) {
        dup2(in[0], 0);
        dup2(out[1], 1);
        close(in[0]);
        close(in[1]);
        close(out[0]);
        close(out[1]);
        if (cert)
            execl("/usr/bin/python3", "python3", script, "--tls", cert, key, (char *)NULL);
        else
            execl("/usr/bin/python3", "python3", script, (char *)NULL);
        _exit(127);
    }
    close(in[0]);
    close(out[1]);
    FILE *f = fdopen(out[0], "r");
    char line[64];
    int port = 0;
    if (f && fgets(line, sizeof(line), f))
        port = atoi(line);
    if (f)
        fclose(f);
    s->pid = pid;
    s->in_fd = in[1];
    s->port = port;
    if (port <= 0) {
        fprintf(stderr, "httpd.py (%s) did not start\n", script);
        return -1;
    }
    return 0;
}

static void stop_server(server *s)
{
    if (s->pid <= 0)
        return;
    close(s->in_fd);
    kill(s->pid, SIGTERM);
    waitpid(s->pid, NULL, 0);
    s->pid = 0;
}

static int make_cert(const char *name, const char *san)
{
    char cmd[2048];
    snprintf(cmd, sizeof(cmd),
             "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=moat-test-%s "
             "-addext subjectAltName=%s -keyout %s/%s.key -out %s/%s.pem >/dev/null 2>&1",
             name, san, tmpdir, name, tmpdir, name);
    return run(cmd) == 0 ? 0 : -1;
}

static int group_setup(void **state)
{
    (void)state;
    /* The tests decide which CA bundles are trusted. */
    unsetenv("SSL_CERT_FILE");
    unsetenv("CURL_CA_BUNDLE");
    unsetenv("MOAT_LIBCURL");
    /* The servers are on 127.0.0.1: no proxy in between. */
    const char *proxies[] = {"http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY",
                             "HTTPS_PROXY", "ALL_PROXY"};
    for (size_t i = 0; i < sizeof(proxies) / sizeof(proxies[0]); i++)
        unsetenv(proxies[i]);
    snprintf(tmpdir, sizeof(tmpdir), "/tmp/moat-fetch-XXXXXX");
    if (!mkdtemp(tmpdir))
        return -1;
    if (make_cert("a", "IP:127.0.0.1") != 0 || make_cert("b", "IP:127.0.0.1") != 0 ||
        make_cert("c", "DNS:elsewhere.invalid") != 0) {
        fprintf(stderr, "openssl req failed (is the openssl command installed?)\n");
        return -1;
    }
    char cert[512], key[512];
    if (start_server(&http_srv, NULL, NULL) != 0)
        return -1;
    const char *names[3] = {"a", "b", "c"};
    server *tls[3] = {&tls_a, &tls_b, &tls_c};
    for (int i = 0; i < 3; i++) {
        snprintf(cert, sizeof(cert), "%s/%s.pem", tmpdir, names[i]);
        snprintf(key, sizeof(key), "%s/%s.key", tmpdir, names[i]);
        if (start_server(tls[i], cert, key) != 0)
            return -1;
    }
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    stop_server(&http_srv);
    stop_server(&tls_a);
    stop_server(&tls_b);
    stop_server(&tls_c);
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return run(cmd) == 0 ? 0 : -1;
}

/* A fresh empty directory for one test. */
static void new_dir(char *out, size_t n)
{
    snprintf(out, n, "%s/t%d", tmpdir, ++dir_seq);
    assert_int_equal(mkdir(out, 0755), 0);
}

static const char *url(char *buf, size_t n, const server *s, const char *path)
{
    int k = snprintf(buf, n, "%s://127.0.0.1:%d%s", s == &http_srv ? "http" : "https", s->port,
                     path);
    assert_true(k > 0 && (size_t)k < n);
    return buf;
}

static fetch_opts quick(void)
{
    fetch_opts o = {0};
    o.backoff_ms = 10;
    return o;
}

static uint8_t pattern_byte(size_t i)
{
    return (uint8_t)((i * 31 + 7) % 251);
}

/* Reads a file whole (malloc()ed, NUL-terminated); NULL if absent (the
 * --child modes run outside cmocka and cannot fail a test). */
static char *slurp(const char *path, size_t *len)
{
    char *data = NULL;
    size_t n = 0;
    const char *err = NULL;
    if (mt_read_file(path, (size_t)1 << 26, &data, &n, &err) != 0)
        return NULL;
    if (len)
        *len = n;
    return data;
}

static void assert_pattern_file(const char *path, size_t n)
{
    size_t len = 0;
    char *data = slurp(path, &len);
    assert_non_null(data);
    assert_int_equal(len, n);
    for (size_t i = 0; i < n; i++) {
        if ((uint8_t)data[i] != pattern_byte(i)) {
            fprintf(stderr, "%s: byte %zu differs\n", path, i);
            fail();
        }
    }
    free(data);
}

static void write_text(const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    assert_int_equal(fclose(f), 0);
}

static void assert_file_text(const char *path, const char *text)
{
    char *data = slurp(path, NULL);
    assert_non_null(data);
    assert_string_equal(data, text);
    free(data);
}

/* The sorted names in dir, joined by ','. */
static void listing(const char *dir, char *out, size_t n)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    char names[16][256];
    int k = 0;
    struct dirent *e;
    while ((e = readdir(d)) != NULL) {
        if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
            continue;
        assert_true(k < 16);
        snprintf(names[k++], sizeof(names[0]), "%s", e->d_name);
    }
    closedir(d);
    qsort(names, (size_t)k, sizeof(names[0]), (int (*)(const void *, const void *))strcmp);
    out[0] = '\0';
    for (int i = 0; i < k; i++) {
        if (i)
            strncat(out, ",", n - strlen(out) - 1);
        strncat(out, names[i], n - strlen(out) - 1);
    }
}

static void assert_listing(const char *dir, const char *want)
{
    char got[1024];
    listing(dir, got, sizeof(got));
    assert_string_equal(got, want);
}

/* Requests the server saw with ?key=key, asked with a plain socket. */
static int hits(const char *key)
{
    int fd = socket(AF_INET, SOCK_STREAM, 0);
    assert_true(fd >= 0);
    struct sockaddr_in sa = {0};
    sa.sin_family = AF_INET;
    sa.sin_port = htons((uint16_t)http_srv.port);
    sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    assert_int_equal(connect(fd, (struct sockaddr *)&sa, sizeof(sa)), 0);
    char req[256], resp[4096];
    int n = snprintf(req, sizeof(req), "GET /hits?key=%s HTTP/1.0\r\n\r\n", key);
    assert_int_equal(write(fd, req, (size_t)n), n);
    size_t len = 0;
    ssize_t r;
    while (len < sizeof(resp) - 1 && (r = read(fd, resp + len, sizeof(resp) - 1 - len)) > 0)
        len += (size_t)r;
    close(fd);
    resp[len] = '\0';
    const char *body = strstr(resp, "\r\n\r\n");
    assert_non_null(body);
    return atoi(body + 4);
}

static void assert_contains(const char *hay, const char *needle)
{
    if (!strstr(hay, needle)) {
        fprintf(stderr, "'%s' does not contain '%s'\n", hay, needle);
        fail();
    }
}

/* fetch_opts.sleep: records the delays (delays[0] counts them). */
static void record_sleep(void *ud, uint64_t ms)
{
    uint64_t *d = ud;
    if (d[0] < 7)
        d[++d[0]] = ms;
}

/* One test's download: a fresh directory, the file fetched into it, quick
 * options, and the URL, result and error of the last request. */
typedef struct {
    char dir[512], dest[600], u[256], err[512];
    fetch_opts o;
    fetch_result r;
} dl;

static void dl_init(dl *d, const char *file)
{
    memset(d, 0, sizeof(*d));
    new_dir(d->dir, sizeof(d->dir));
    snprintf(d->dest, sizeof(d->dest), "%s/%s", d->dir, file);
    d->o = quick();
}

/* Fetches d->u into d->dest with d->o: fetch_url()'s return value. */
static int dl_fetch(dl *d)
{
    return fetch_url(d->u, d->dest, &d->o, &d->r, d->err, sizeof(d->err));
}

/* The same for path on server s (the URL stays in d->u). */
static int dl_get(dl *d, const server *s, const char *path)
{
    url(d->u, sizeof(d->u), s, path);
    return dl_fetch(d);
}

/* dl_get() that must succeed; the error is printed when it does not. */
static void dl_get_ok(dl *d, const server *s, const char *path)
{
    int rc = dl_get(d, s, path);
    if (rc)
        fprintf(stderr, "%s\n", d->err);
    assert_int_equal(rc, 0);
}

/* ---- (1) 200 ---- */

static void test_ok(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "all.zip");
    dl_get_ok(&d, &http_srv, "/data?n=100000&key=ok");
    assert_string_equal(d.err, "");
    assert_int_equal(d.r.status, 200);
    assert_false(d.r.not_modified);
    assert_string_equal(d.r.etag, "\"v1\"");
    assert_string_equal(d.r.last_modified, LAST_MODIFIED);
    assert_int_equal(d.r.bytes, 100000);
    assert_int_equal(d.r.attempts, 1);
    assert_int_equal(hits("ok"), 1);
    assert_pattern_file(d.dest, 100000);
    assert_listing(d.dir, "all.zip");
    struct stat st;
    assert_int_equal(stat(d.dest, &st), 0);
    assert_int_equal(st.st_mode & 07777, 0644);
    fetch_result_free(&d.r);

    /* An existing file is replaced, keeping its permissions; an empty
     * body gives an empty file. */
    assert_int_equal(chmod(d.dest, 0600), 0);
    assert_int_equal(dl_get(&d, &http_srv, "/data?n=0"), 0);
    assert_int_equal(d.r.bytes, 0);
    assert_int_equal(stat(d.dest, &st), 0);
    assert_int_equal(st.st_size, 0);
    assert_int_equal(st.st_mode & 07777, 0600);
    assert_listing(d.dir, "all.zip");
    fetch_result_free(&d.r);

    /* An ETag beyond the bound (1024 bytes) is not kept. */
    char path[2200] = "/data?n=10&etag=", big[2300];
    memset(path + strlen(path), 'x', 2000);
    assert_int_equal(fetch_url(url(big, sizeof(big), &http_srv, path), d.dest, &d.o, &d.r, d.err,
                               sizeof(d.err)),
                     0);
    assert_null(d.r.etag);
    assert_string_equal(d.r.last_modified, LAST_MODIFIED);
    fetch_result_free(&d.r);

    /* NULL options are the defaults. */
    url(d.u, sizeof(d.u), &http_srv, "/data?n=10");
    assert_int_equal(fetch_url(d.u, d.dest, NULL, &d.r, d.err, sizeof(d.err)), 0);
    assert_pattern_file(d.dest, 10);
    fetch_result_free(&d.r);
}

/* ---- (2) 304 ---- */

static void test_not_modified(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "feed.json");
    assert_int_equal(dl_get(&d, &http_srv, "/data?n=5000&key=nm"), 0);
    char *etag = strdup(d.r.etag), *lm = strdup(d.r.last_modified);
    fetch_result_free(&d.r);

    /* An old mtime that a rewrite would change, and the inode a rename
     * would change. */
    struct timespec times[2] = {{978307200, 0}, {978307200, 0}};
    assert_int_equal(utimensat(AT_FDCWD, d.dest, times, 0), 0);
    struct stat before, after;
    assert_int_equal(stat(d.dest, &before), 0);

    d.o.etag = etag;
    assert_int_equal(dl_fetch(&d), 0);
    assert_int_equal(d.r.status, 304);
    assert_true(d.r.not_modified);
    assert_string_equal(d.r.etag, "\"v1\"");
    assert_null(d.r.last_modified); /* none sent, none in the 304 */
    assert_int_equal(d.r.bytes, 0);
    assert_int_equal(d.r.attempts, 1);
    assert_int_equal(hits("nm"), 2);
    fetch_result_free(&d.r);
    assert_int_equal(stat(d.dest, &after), 0);
    assert_int_equal(after.st_ino, before.st_ino);
    assert_int_equal(after.st_mtim.tv_sec, 978307200);
    assert_int_equal(after.st_mtim.tv_nsec, 0);
    assert_pattern_file(d.dest, 5000);
    assert_listing(d.dir, "feed.json");

    /* The server answers If-Modified-Since alone too. */
    d.o.etag = NULL;
    d.o.last_modified = lm;
    assert_int_equal(dl_fetch(&d), 0);
    assert_true(d.r.not_modified);
    assert_string_equal(d.r.etag, "\"v1\"");                /* repeated in the 304 */
    assert_string_equal(d.r.last_modified, LAST_MODIFIED); /* the caller's */
    fetch_result_free(&d.r);
    assert_int_equal(stat(d.dest, &after), 0);
    assert_int_equal(after.st_ino, before.st_ino);
    /* A stale date does not match. */
    d.o.last_modified = "Tue, 20 Oct 2015 07:28:00 GMT";
    assert_int_equal(dl_fetch(&d), 0);
    assert_int_equal(d.r.status, 200);
    assert_string_equal(d.r.last_modified, LAST_MODIFIED);
    fetch_result_free(&d.r);

    /* The feed changed: the old ETag no longer matches. */
    d.o.etag = etag;
    d.o.last_modified = NULL;
    assert_int_equal(dl_get(&d, &http_srv, "/data?n=7000&etag=v2"), 0);
    assert_int_equal(d.r.status, 200);
    assert_false(d.r.not_modified);
    assert_string_equal(d.r.etag, "\"v2\"");
    assert_pattern_file(d.dest, 7000);
    fetch_result_free(&d.r);

    /* Without the file the validators are not sent: a full download. */
    assert_int_equal(unlink(d.dest), 0);
    d.o.etag = "\"v2\"";
    assert_int_equal(dl_get(&d, &http_srv, "/data?n=5000&key=nm"), 0);
    assert_int_equal(d.r.status, 200);
    assert_false(d.r.not_modified);
    assert_pattern_file(d.dest, 5000);
    fetch_result_free(&d.r);

    /* A validator with a line break is not sent (no header injection). */
    d.o.etag = "\"v1\"\r\nX-Evil: 1";
    assert_int_equal(dl_fetch(&d), 0);
    assert_int_equal(d.r.status, 200);
    fetch_result_free(&d.r);
    free(etag);
    free(lm);
}

/* ---- (3) retries ---- */

static void test_retry_503(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "f");
    dl_get_ok(&d, &http_srv, "/script?key=r503&codes=503,503&n=3000");
    assert_int_equal(d.r.status, 200);
    assert_int_equal(d.r.attempts, 3);
    assert_int_equal(hits("r503"), 3);
    assert_pattern_file(d.dest, 3000);
    assert_listing(d.dir, "f");
    fetch_result_free(&d.r);

    /* 500 and 502 are retried too. */
    assert_int_equal(dl_get(&d, &http_srv, "/script?key=r5xx&codes=500,502&n=30"), 0);
    assert_int_equal(d.r.attempts, 3);
    assert_pattern_file(d.dest, 30);
    fetch_result_free(&d.r);
}

static void test_retry_429_retry_after(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "f");
    uint64_t delays[8] = {0};
    d.o.sleep = record_sleep;
    d.o.sleep_ud = delays;
    dl_get_ok(&d, &http_srv, "/script?key=r429&codes=429,429&ra=1&n=2000");
    assert_int_equal(d.r.attempts, 3);
    assert_int_equal(hits("r429"), 3);
    assert_pattern_file(d.dest, 2000);
    fetch_result_free(&d.r);
    /* Retry-After: 1, twice, is what was waited for, not the 10 ms backoff. */
    assert_int_equal(delays[0], 2);
    assert_int_equal(delays[1], 1000);
    assert_int_equal(delays[2], 1000);
}

static void test_retry_exhausted(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "f");
    write_text(d.dest, "previous\n");
    d.o.max_attempts = 3;
    assert_int_equal(dl_get(&d, &http_srv, "/script?key=rex&codes=503,503,503,503,503"), -1);
    assert_int_equal(d.r.status, 503);
    assert_int_equal(d.r.attempts, 3);
    assert_int_equal(hits("rex"), 3);
    assert_contains(d.err, d.u);
    assert_contains(d.err, "HTTP 503");
    assert_contains(d.err, "after 3 attempts");
    assert_null(d.r.etag);
    fetch_result_free(&d.r);
    assert_file_text(d.dest, "previous\n"); /* the error page did not land */
    assert_listing(d.dir, "f");

    /* A Retry-After beyond the bound ends the retries at once. */
    assert_int_equal(dl_get(&d, &http_srv, "/script?key=rlong&codes=429,429&ra=3600"), -1);
    assert_int_equal(d.r.status, 429);
    assert_int_equal(d.r.attempts, 1);
    assert_int_equal(hits("rlong"), 1);
    assert_contains(d.err, "3600");
    fetch_result_free(&d.r);
    /* Or one too large for any integer. */
    assert_int_equal(
        dl_get(&d, &http_srv, "/script?key=rbig&codes=503,503&ra=99999999999999999999999"), -1);
    assert_int_equal(d.r.attempts, 1);
    fetch_result_free(&d.r);
    /* A Retry-After that is neither a number nor a date is ignored. */
    assert_int_equal(dl_get(&d, &http_srv, "/script?key=rbad&codes=503,503&ra=soon&n=5"), 0);
    assert_int_equal(d.r.attempts, 3);
    assert_pattern_file(d.dest, 5);
    fetch_result_free(&d.r);
    write_text(d.dest, "previous\n");
    /* So does one given as an HTTP date far ahead. */
    assert_int_equal(
        dl_get(&d, &http_srv,
               "/script?key=rdate&codes=503,503&ra=Wed,%2021%20Oct%202099%2007:28:00%20GMT"),
        -1);
    assert_int_equal(d.r.attempts, 1);
    assert_int_equal(hits("rdate"), 1);
    assert_contains(d.err, "asks to wait");
    fetch_result_free(&d.r);
    assert_file_text(d.dest, "previous\n");

    /* The default is 4 attempts. */
    d.o.max_attempts = 0;
    assert_int_equal(dl_get(&d, &http_srv, "/script?key=rdef&codes=503,503,503,503,503"), -1);
    assert_int_equal(d.r.attempts, 4);
    assert_int_equal(hits("rdef"), 4);
    fetch_result_free(&d.r);
}

/* ---- (4) truncated body ---- */

static void test_short_body(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "secdb.json");
    write_text(d.dest, "previous\n");
    d.o.max_attempts = 2;
    assert_int_equal(dl_get(&d, &http_srv, "/short?key=short&n=1000&send=500"), -1);
    assert_contains(d.err, d.u);
    assert_int_equal(d.r.attempts, 2); /* a cut connection is retried */
    assert_int_equal(hits("short"), 2);
    assert_null(d.r.etag);
    fetch_result_free(&d.r);
    assert_file_text(d.dest, "previous\n");
    assert_listing(d.dir, "secdb.json");
}

/* ---- (5) 404 ---- */

static void test_not_found(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "f");
    assert_int_equal(dl_get(&d, &http_srv, "/status?key=nf&code=404"), -1);
    assert_int_equal(d.r.status, 404);
    assert_int_equal(d.r.attempts, 1);
    assert_int_equal(hits("nf"), 1);
    assert_contains(d.err, "404");
    assert_contains(d.err, d.u);
    fetch_result_free(&d.r);
    assert_listing(d.dir, "");

    /* 403 and 206 (no range was asked for) are not success either. */
    assert_int_equal(dl_get(&d, &http_srv, "/status?key=nf403&code=403"), -1);
    assert_int_equal(d.r.status, 403);
    assert_int_equal(hits("nf403"), 1);
    fetch_result_free(&d.r);
    assert_int_equal(dl_get(&d, &http_srv, "/status?code=206"), -1);
    assert_int_equal(d.r.status, 206);
    fetch_result_free(&d.r);
    /* A 304 to a request without validators is an error. */
    assert_int_equal(dl_get(&d, &http_srv, "/status?code=304"), -1);
    assert_false(d.r.not_modified);
    fetch_result_free(&d.r);
    assert_listing(d.dir, "");
}

/* ---- (6) size bound ---- */

static void test_max_bytes(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "f");
    write_text(d.dest, "previous\n");
    d.o.max_bytes = 50000;
    /* With Content-Length. */
    assert_int_equal(dl_get(&d, &http_srv, "/data?key=mb1&n=50001"), -1);
    assert_contains(d.err, "larger than the limit of 50000 bytes");
    assert_int_equal(d.r.attempts, 1);
    assert_int_equal(hits("mb1"), 1);
    fetch_result_free(&d.r);
    /* Chunked, without a length. */
    assert_int_equal(dl_get(&d, &http_srv, "/chunked?key=mb2&n=120000"), -1);
    assert_contains(d.err, "larger than the limit");
    assert_int_equal(d.r.attempts, 1);
    assert_true(d.r.bytes <= 50000);
    fetch_result_free(&d.r);
    assert_file_text(d.dest, "previous\n");
    assert_listing(d.dir, "f");
    /* Exactly the limit is fine, chunked or not. */
    assert_int_equal(dl_get(&d, &http_srv, "/data?n=50000"), 0);
    assert_pattern_file(d.dest, 50000);
    fetch_result_free(&d.r);
    assert_int_equal(dl_get(&d, &http_srv, "/chunked?n=50000"), 0);
    assert_null(d.r.etag);
    assert_pattern_file(d.dest, 50000);
    fetch_result_free(&d.r);
    assert_listing(d.dir, "f");
}

/* ---- (7) redirects ---- */

static void test_redirect(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "f");
    dl_get_ok(&d, &http_srv, "/redirect?key=rd&to=/data%3Fkey%3Drd2%26n%3D3000%26etag%3Dmoved");
    assert_int_equal(d.r.status, 200);
    assert_string_equal(d.r.etag, "\"moved\""); /* the final response's */
    assert_int_equal(hits("rd"), 1);
    assert_int_equal(hits("rd2"), 1);
    assert_pattern_file(d.dest, 3000);
    fetch_result_free(&d.r);
    /* 301 too. */
    assert_int_equal(dl_get(&d, &http_srv, "/redirect?code=301&to=/data%3Fn%3D10"), 0);
    assert_pattern_file(d.dest, 10);
    fetch_result_free(&d.r);
    /* A redirect loop ends. */
    assert_int_equal(dl_get(&d, &http_srv, "/loop?key=loop"), -1);
    assert_contains(d.err, "redirect");
    assert_int_equal(d.r.attempts, 1);
    assert_int_equal(hits("loop"), 11); /* the request and 10 redirects */
    fetch_result_free(&d.r);
    /* Redirects to other schemes are refused. */
    assert_int_equal(dl_get(&d, &http_srv, "/redirect?to=file:///etc/passwd"), -1);
    fetch_result_free(&d.r);
    assert_pattern_file(d.dest, 10);
    assert_listing(d.dir, "f");
}

/* ---- (8) TLS ---- */

static void test_tls(void **state)
{
    (void)state;
    char ca_a[512], ca_b[512], ca_c[512];
    snprintf(ca_a, sizeof(ca_a), "%s/a.pem", tmpdir);
    snprintf(ca_b, sizeof(ca_b), "%s/b.pem", tmpdir);
    snprintf(ca_c, sizeof(ca_c), "%s/c.pem", tmpdir);
    dl d;
    dl_init(&d, "f");

    /* Self-signed, not trusted: refused, not retried. */
    assert_int_equal(dl_get(&d, &tls_a, "/data?n=4000"), -1);
    assert_int_equal(d.r.attempts, 1);
    assert_int_equal(d.r.status, 0);
    assert_contains(d.err, d.u);
    assert_contains(d.err, "certificate");
    fetch_result_free(&d.r);
    assert_listing(d.dir, "");

    /* Trusted through ca_file. */
    d.o.ca_file = ca_a;
    dl_get_ok(&d, &tls_a, "/data?n=4000");
    assert_int_equal(d.r.status, 200);
    assert_string_equal(d.r.etag, "\"v1\"");
    assert_pattern_file(d.dest, 4000);
    fetch_result_free(&d.r);

    /* ca_file adds to the other bundles: a is trusted through ca_file and
     * b through SSL_CERT_FILE, in one process, both at once. */
    assert_int_equal(setenv("SSL_CERT_FILE", ca_b, 1), 0);
    assert_int_equal(dl_get(&d, &tls_b, "/data?n=33"), 0);
    assert_pattern_file(d.dest, 33);
    fetch_result_free(&d.r);
    assert_int_equal(dl_get(&d, &tls_a, "/data?n=4000"), 0);
    assert_pattern_file(d.dest, 4000);
    fetch_result_free(&d.r);
    /* SSL_CERT_FILE alone trusts b, not a. */
    d.o.ca_file = NULL;
    assert_int_equal(dl_get(&d, &tls_b, "/data?n=33"), 0);
    fetch_result_free(&d.r);
    assert_int_equal(dl_get(&d, &tls_a, "/data?n=4000"), -1);
    fetch_result_free(&d.r);
    unsetenv("SSL_CERT_FILE");
    /* So does CURL_CA_BUNDLE. */
    assert_int_equal(setenv("CURL_CA_BUNDLE", ca_b, 1), 0);
    assert_int_equal(dl_get(&d, &tls_b, "/data?n=33"), 0);
    fetch_result_free(&d.r);
    unsetenv("CURL_CA_BUNDLE");
    assert_int_equal(dl_fetch(&d), -1);
    fetch_result_free(&d.r);

    /* A trusted certificate for another name: the host name is checked. */
    d.o.ca_file = ca_c;
    assert_int_equal(dl_get(&d, &tls_c, "/data?n=10"), -1);
    assert_int_equal(d.r.attempts, 1);
    fetch_result_free(&d.r);

    /* An unreadable CA bundle is an error, before any request. */
    char missing[600];
    snprintf(missing, sizeof(missing), "%s/nonexistent.pem", tmpdir);
    d.o.ca_file = missing;
    assert_int_equal(dl_get(&d, &tls_a, "/data?n=10"), -1);
    assert_contains(d.err, "cannot read CA bundle");
    assert_contains(d.err, missing);
    assert_int_equal(d.r.attempts, 0);
    fetch_result_free(&d.r);

    /* https redirecting to https works; to http is refused. */
    d.o.ca_file = ca_a;
    assert_int_equal(dl_get(&d, &tls_a, "/redirect?to=/data%3Fn%3D77"), 0);
    assert_pattern_file(d.dest, 77);
    fetch_result_free(&d.r);
    char to[256];
    snprintf(to, sizeof(to), "/redirect?to=http://127.0.0.1:%d/data%%3Fkey%%3Ddown", http_srv.port);
    assert_int_equal(dl_get(&d, &tls_a, to), -1);
    assert_int_equal(hits("down"), 0);
    fetch_result_free(&d.r);
    assert_pattern_file(d.dest, 77);
    assert_listing(d.dir, "f");
}

/* ---- (9) progress ---- */

typedef struct {
    int calls;
    uint64_t done[4096], total[4096];
} progress_log;

static void on_progress(void *ud, uint64_t done, uint64_t total)
{
    progress_log *p = ud;
    if (p->calls < 4096) {
        p->done[p->calls] = done;
        p->total[p->calls] = total;
    }
    p->calls++;
}

static void check_progress(const progress_log *p, uint64_t n, uint64_t total)
{
    assert_true(p->calls >= 2);
    assert_true(p->calls <= 4096);
    for (int i = 0; i < p->calls; i++) {
        assert_int_equal(p->total[i], total);
        if (i)
            assert_true(p->done[i] > p->done[i - 1]);
    }
    assert_int_equal(p->done[p->calls - 1], n);
}

static void test_progress(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "f");
    static progress_log log;
    d.o.progress = on_progress;
    d.o.progress_ud = &log;
    memset(&log, 0, sizeof(log));
    assert_int_equal(dl_get(&d, &http_srv, "/data?n=1048576"), 0);
    fetch_result_free(&d.r);
    check_progress(&log, 1048576, 1048576);
    /* Unknown length: total 0. */
    memset(&log, 0, sizeof(log));
    assert_int_equal(dl_get(&d, &http_srv, "/chunked?n=300001"), 0);
    fetch_result_free(&d.r);
    check_progress(&log, 300001, 0);
    assert_pattern_file(d.dest, 300001);
    /* A small body: one call with the final count. */
    memset(&log, 0, sizeof(log));
    assert_int_equal(dl_get(&d, &http_srv, "/data?n=100"), 0);
    fetch_result_free(&d.r);
    assert_int_equal(log.calls, 1);
    assert_int_equal(log.done[0], 100);
    assert_int_equal(log.total[0], 100);
}

/* ---- arguments, and libcurl missing ---- */

static void test_bad_arguments(void **state)
{
    (void)state;
    dl d;
    dl_init(&d, "f");
    const char *bad[] = {"ftp://127.0.0.1/x", "file:///etc/passwd", "", "127.0.0.1/x",
                         "gopher://x"};
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
        assert_int_equal(fetch_url(bad[i], d.dest, NULL, &d.r, d.err, sizeof(d.err)), -1);
        assert_contains(d.err, "only http:// and https://");
        assert_int_equal(d.r.attempts, 0);
        fetch_result_free(&d.r);
    }
    url(d.u, sizeof(d.u), &http_srv, "/data");
    /* dest a directory, or in a missing directory. */
    assert_int_equal(fetch_url(d.u, d.dir, NULL, &d.r, d.err, sizeof(d.err)), -1);
    fetch_result_free(&d.r);
    char deep[700];
    snprintf(deep, sizeof(deep), "%s/missing/f", d.dir);
    assert_int_equal(fetch_url(d.u, deep, NULL, &d.r, d.err, sizeof(d.err)), -1);
    assert_contains(d.err, "temporary file");
    fetch_result_free(&d.r);
    /* Nothing listens on port 1: a connection error, retried. */
    d.o.max_attempts = 2;
    snprintf(d.u, sizeof(d.u), "http://127.0.0.1:1/x");
    assert_int_equal(dl_fetch(&d), -1);
    assert_int_equal(d.r.attempts, 2);
    assert_int_equal(d.r.status, 0);
    assert_contains(d.err, "http://127.0.0.1:1/x");
    fetch_result_free(&d.r);
    assert_listing(d.dir, "");
    /* err and res may be omitted. */
    assert_int_equal(fetch_url(bad[0], d.dest, NULL, NULL, NULL, 0), -1);
}

/* Runs the child mode `name` (see main) in a new process with
 * MOAT_LIBCURL=lib: libcurl is loaded once per process, and this one has
 * loaded it already. Returns the child's exit status. */
static int in_child(const char *lib, const char *name)
{
    char http_port[16], tls_port[16];
    snprintf(http_port, sizeof(http_port), "%d", http_srv.port);
    snprintf(tls_port, sizeof(tls_port), "%d", tls_a.port);
    fflush(NULL);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setenv("MOAT_LIBCURL", lib, 1);
        execl("/proc/self/exe", "test_vuln_fetch", "--child", name, tmpdir, http_port, tls_port,
              (char *)NULL);
        _exit(127);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 100;
}

static int child_missing(void)
{
    char err[512], dest[600], u[256];
    snprintf(dest, sizeof(dest), "%s/never", tmpdir);
    url(u, sizeof(u), &http_srv, "/data");
    if (fetch_url(u, dest, NULL, NULL, err, sizeof(err)) != -1)
        return 1;
    if (!strstr(err, "/nonexistent/libcurl.so.4") || !strstr(err, "install libcurl4")) {
        fprintf(stderr, "unexpected: %s\n", err);
        return 2;
    }
    if (access(dest, F_OK) == 0)
        return 3;
    return 0;
}

static void test_libcurl_missing(void **state)
{
    (void)state;
    assert_int_equal(in_child("/nonexistent/libcurl.so.4", "missing"), 0);
}

static int child_gnutls(void)
{
    char dir[512], dest[600], u[256], err[512], ca[512];
    snprintf(dir, sizeof(dir), "%s/gnutls", tmpdir);
    if (mkdir(dir, 0755) != 0)
        return 1;
    snprintf(dest, sizeof(dest), "%s/f", dir);
    fetch_opts o = quick();
    fetch_result r;
    url(u, sizeof(u), &http_srv, "/script?key=gnu&codes=503&n=1234");
    if (fetch_url(u, dest, &o, &r, err, sizeof(err)) != 0 || r.attempts != 2) {
        fprintf(stderr, "gnutls http: %s\n", err);
        return 2;
    }
    fetch_result_free(&r);
    snprintf(ca, sizeof(ca), "%s/a.pem", tmpdir);
    o.ca_file = ca;
    url(u, sizeof(u), &tls_a, "/data?n=4321");
    if (fetch_url(u, dest, &o, &r, err, sizeof(err)) != 0) {
        fprintf(stderr, "gnutls https: %s\n", err);
        return 3;
    }
    fetch_result_free(&r);
    o.ca_file = NULL;
    if (fetch_url(u, dest, &o, &r, err, sizeof(err)) != -1)
        return 4;
    fetch_result_free(&r);
    size_t len = 0;
    char *data = slurp(dest, &len);
    int ok = data && len == 4321 && (uint8_t)data[4320] == pattern_byte(4320);
    free(data);
    return ok ? 0 : 5;
}

/* Trusts a through the system bundle and b as ca_file: both must work. */
static int child_union(void)
{
    char dest[600], u[256], err[512], ca[512];
    snprintf(dest, sizeof(dest), "%s/union", tmpdir);
    snprintf(ca, sizeof(ca), "%s/b.pem", tmpdir);
    fetch_opts o = quick();
    o.ca_file = ca;
    fetch_result r;
    url(u, sizeof(u), &tls_a, "/data?n=99");
    int rc = fetch_url(u, dest, &o, &r, err, sizeof(err));
    fetch_result_free(&r);
    if (rc != 0) {
        fprintf(stderr, "system bundle dropped: %s\n", err);
        return 1;
    }
    return 0;
}

/* The system bundle stays trusted next to ca_file: in a private mount
 * namespace (needs root) the system bundle is replaced by a.pem, and the
 * child trusts b.pem through ca_file; a's server must still be trusted. */
static void test_system_bundle_kept(void **state)
{
    (void)state;
    const char *sys = "/etc/ssl/certs/ca-certificates.crt";
    if (geteuid() != 0 || access(sys, F_OK) != 0 || run("unshare -m true 2>/dev/null") != 0) {
        fprintf(stderr, "needs root, unshare and %s\n", sys);
        skip();
    }
    char self[4096], cmd[8192];
    ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
    assert_true(n > 0);
    self[n] = '\0';
    snprintf(cmd, sizeof(cmd),
             "unshare -m sh -c 'mount --make-rprivate / && mount --bind %s/a.pem %s && "
             "exec env -u SSL_CERT_FILE -u CURL_CA_BUNDLE %s --child union %s %d %d'",
             tmpdir, sys, self, tmpdir, http_srv.port, tls_a.port);
    assert_int_equal(run(cmd), 0);
    /* The same child without the bind mount fails: a is not trusted. */
    snprintf(cmd, sizeof(cmd), "%s --child union %s %d %d 2>/dev/null", self, tmpdir,
             http_srv.port, tls_a.port);
    assert_int_equal(run(cmd), 1);
}

/* Debian's other libcurl flavour (libcurl3-gnutls), the fallback when
 * libcurl.so.4 is missing: same behaviour, CA file instead of a blob. */
static void test_libcurl_gnutls(void **state)
{
    (void)state;
    const char *lib = "libcurl-gnutls.so.4";
    if (access("/usr/lib/x86_64-linux-gnu/libcurl-gnutls.so.4", F_OK) != 0 &&
        access("/usr/lib/aarch64-linux-gnu/libcurl-gnutls.so.4", F_OK) != 0) {
        skip();
    }
    assert_int_equal(in_child(lib, "gnutls"), 0);
}

int main(int argc, char **argv)
{
    if (argc == 6 && strcmp(argv[1], "--child") == 0) {
        snprintf(tmpdir, sizeof(tmpdir), "%s", argv[3]);
        http_srv.port = atoi(argv[4]);
        tls_a.port = atoi(argv[5]);
        if (strcmp(argv[2], "missing") == 0)
            return child_missing();
        if (strcmp(argv[2], "gnutls") == 0)
            return child_gnutls();
        if (strcmp(argv[2], "union") == 0)
            return child_union();
        return 99;
    }
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_ok),
        cmocka_unit_test(test_not_modified),
        cmocka_unit_test(test_retry_503),
        cmocka_unit_test(test_retry_429_retry_after),
        cmocka_unit_test(test_retry_exhausted),
        cmocka_unit_test(test_short_body),
        cmocka_unit_test(test_not_found),
        cmocka_unit_test(test_max_bytes),
        cmocka_unit_test(test_redirect),
        cmocka_unit_test(test_tls),
        cmocka_unit_test(test_progress),
        cmocka_unit_test(test_bad_arguments),
        cmocka_unit_test(test_libcurl_missing),
        cmocka_unit_test(test_libcurl_gnutls),
        cmocka_unit_test(test_system_bundle_kept),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
