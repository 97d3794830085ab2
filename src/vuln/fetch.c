/* fetch.c — fetch_url() of fetch.h over a libcurl loaded at run time.
 *
 * <curl/curl.h> gives only types and constants here: every libcurl
 * function is called through the table `cu`, filled by dlsym() once
 * (pthread_once) from libcurl.so.4 opened RTLD_LOCAL. The easy handle of a
 * call is reused by its retries (connection reuse), and each attempt starts
 * the temporary file over (no range requests: the feeds change as a whole).
 *
 * What comes from the network is bounded: header lines kept are at most
 * FETCH_HDR_MAX bytes and free of control characters, bodies at most
 * max_bytes, a redirect's body is discarded up to 1 MiB, an error
 * response's body is not read. */
#define CURL_DISABLE_DEPRECATION 1 /* CURLOPT_PROTOCOLS, for libcurl < 7.85 */
#include "vuln/fetch.h"

#include "core/util.h"

#include <curl/curl.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#ifndef MOAT_VERSION
#define MOAT_VERSION "0"
#endif

enum {
    FETCH_HDR_MAX = 1024,              /* longest ETag / Last-Modified kept or sent */
    FETCH_RETRY_AFTER_MAX = 60,        /* longest Retry-After waited for, seconds */
    FETCH_BACKOFF_CAP_MS = 30000,      /* longest backoff between attempts */
    FETCH_MAX_ATTEMPTS = 100,          /* bound on max_attempts */
    FETCH_MAX_REDIRS = 10,
    FETCH_REDIRECT_BODY_MAX = 1 << 20, /* bytes of a redirect's body skipped */
    FETCH_LOW_SPEED_BPS = 1024,
};
#define FETCH_CA_FILE_MAX ((off_t)16 << 20)
#define FETCH_DEFAULT_MAX_BYTES ((uint64_t)2 << 30)

/* ---- libcurl, loaded on first use ---- */

typedef CURLcode (*setopt_fn)(CURL *, CURLoption, ...);
typedef CURLcode (*getinfo_fn)(CURL *, CURLINFO, ...);

typedef struct {
    CURLcode (*global_init)(long);
    CURL *(*easy_init)(void);
    setopt_fn easy_setopt;
    CURLcode (*easy_perform)(CURL *);
    getinfo_fn easy_getinfo;
    void (*easy_cleanup)(CURL *);
    const char *(*easy_strerror)(CURLcode);
    struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
    void (*slist_free_all)(struct curl_slist *);
    time_t (*getdate)(const char *, const time_t *);
} curl_api;

static curl_api cu;

static pthread_once_t cu_once = PTHREAD_ONCE_INIT;
static bool cu_ok;
static char cu_err[512];

static void cu_load(void)
{
    const char *env = getenv("MOAT_LIBCURL");
    void *h;
    if (env && *env) {
        h = dlopen(env, RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            const char *e = dlerror();
            snprintf(cu_err, sizeof(cu_err), "cannot load %s (named by MOAT_LIBCURL): %s; install libcurl4 "
                     "(apt-get install libcurl4)",
                     env, e ? e : "unknown error");
            return;
        }
    } else {
        /* Debian's libcurl4 (OpenSSL), else libcurl3-gnutls (same ABI). */
        h = dlopen("libcurl.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!h)
            h = dlopen("libcurl-gnutls.so.4", RTLD_NOW | RTLD_LOCAL);
        if (!h) {
            snprintf(cu_err, sizeof(cu_err),
                     "libcurl.so.4 not found: install libcurl4 (apt-get install libcurl4)");
            return;
        }
    }
    static const struct {
        const char *name;
        size_t off;
    } syms[] = {
#define SYM(field, name) {name, offsetof(curl_api, field)}
        SYM(global_init, "curl_global_init"),   SYM(easy_init, "curl_easy_init"),
        SYM(easy_setopt, "curl_easy_setopt"),   SYM(easy_perform, "curl_easy_perform"),
        SYM(easy_getinfo, "curl_easy_getinfo"), SYM(easy_cleanup, "curl_easy_cleanup"),
        SYM(easy_strerror, "curl_easy_strerror"), SYM(slist_append, "curl_slist_append"),
        SYM(slist_free_all, "curl_slist_free_all"), SYM(getdate, "curl_getdate"),
#undef SYM
    };
    for (size_t i = 0; i < sizeof(syms) / sizeof(syms[0]); i++) {
        void *p = dlsym(h, syms[i].name);
        if (!p) {
            snprintf(cu_err, sizeof(cu_err), "%s lacks %s: install libcurl4",
                     env && *env ? env : "libcurl", syms[i].name);
            return; /* the handle stays open: harmless, and cu_ok stays false */
        }
        /* Every member is a function pointer of the same size as void *. */
        memcpy((char *)&cu + syms[i].off, &p, sizeof(p));
    }
    CURLcode rc = cu.global_init(CURL_GLOBAL_DEFAULT);
    if (rc != CURLE_OK) {
        snprintf(cu_err, sizeof(cu_err), "curl_global_init failed: %s", cu.easy_strerror(rc));
        return;
    }
    cu_ok = true;
}

/* ---- small helpers ---- */

/* A header value fit to keep or send: bounded, no control characters. */
static bool clean_value(const char *s, size_t n)
{
    if (n == 0 || n > FETCH_HDR_MAX)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7f)
            return false;
    }
    return true;
}

static bool is_success(int status)
{
    return status >= 200 && status <= 299 && status != 206; /* no range was asked for */
}

static void sleep_ms(uint64_t ms)
{
    struct timespec ts = {(time_t)(ms / 1000), (long)(ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
        ;
}

static uint64_t jitter_state;

static uint64_t rnd(void)
{
    /* Jitter only needs to differ between processes: xorshift64 seeded from
     * the clock and the pid; a lost update between threads is harmless. */
    uint64_t x = __atomic_load_n(&jitter_state, __ATOMIC_RELAXED);
    if (!x) {
        struct timespec ts;
        clock_gettime(CLOCK_MONOTONIC, &ts);
        x = ((uint64_t)ts.tv_nsec << 20) ^ (uint64_t)ts.tv_sec ^ ((uint64_t)getpid() << 40) ^
            0x9e3779b97f4a7c15ULL;
    }
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    __atomic_store_n(&jitter_state, x, __ATOMIC_RELAXED);
    return x;
}

static int write_all(int fd, const char *p, size_t n)
{
    while (n) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR)
                continue;
            return -1;
        }
        p += w;
        n -= (size_t)w;
    }
    return 0;
}

/* Appends a whole regular file of at most FETCH_CA_FILE_MAX bytes to b;
 * -1 with errno on failure. */
static int append_file(mt_buf *b, const char *path)
{
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return -1;
    struct stat st;
    if (fstat(fd, &st) != 0) {
        int e = errno;
        close(fd);
        errno = e;
        return -1;
    }
    if (!S_ISREG(st.st_mode) || st.st_size > FETCH_CA_FILE_MAX) {
        close(fd);
        errno = S_ISREG(st.st_mode) ? EFBIG : S_ISDIR(st.st_mode) ? EISDIR : EINVAL;
        return -1;
    }
    size_t want = (size_t)st.st_size, got = 0, start = b->len;
    mt_buf_reserve(b, want + 1);
    while (got < want) {
        ssize_t r = read(fd, b->data + b->len, want - got);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            int e = errno;
            close(fd);
            b->len = start; /* no half certificate */
            b->data[start] = '\0';
            errno = e;
            return -1;
        }
        if (r == 0)
            break; /* shrank meanwhile: keep what was read */
        got += (size_t)r;
        b->len += (size_t)r;
    }
    close(fd);
    mt_buf_putc(b, '\n'); /* a last certificate without a newline */
    return 0;
}

/* The PEM bundles a CA blob must hold so that extra CAs are trusted on top
 * of the system's (libcurl trusts only the blob once one is set): the
 * system bundle (libcurl's compiled-in CA file, else the first of the usual
 * places that exists), then ca_file, $SSL_CERT_FILE and $CURL_CA_BUNDLE.
 * extra[] gets the extra files (at most 3); returns how many. */
static int ca_sources(const char *ca_file, const char *extra[3])
{
    const char *cand[3] = {ca_file, getenv("SSL_CERT_FILE"), getenv("CURL_CA_BUNDLE")};
    int n = 0;
    for (int i = 0; i < 3; i++) {
        if (!cand[i] || !*cand[i])
            continue;
        bool dup = false;
        for (int j = 0; j < n; j++)
            dup = dup || strcmp(extra[j], cand[i]) == 0;
        if (!dup)
            extra[n++] = cand[i];
    }
    return n;
}

static const char *system_ca_file(CURL *h)
{
    char *p = NULL;
    if (cu.easy_getinfo(h, CURLINFO_CAINFO, &p) == CURLE_OK && p && *p && access(p, R_OK) == 0)
        return p;
    static const char *const usual[] = {
        "/etc/ssl/certs/ca-certificates.crt", /* Debian, Ubuntu, Alpine */
        "/etc/pki/tls/certs/ca-bundle.crt",   /* Fedora, RHEL */
        "/etc/ssl/ca-bundle.pem",             /* openSUSE */
        "/etc/ssl/cert.pem",                  /* Alpine, BSDs */
    };
    for (size_t i = 0; i < sizeof(usual) / sizeof(usual[0]); i++)
        if (access(usual[i], R_OK) == 0)
            return usual[i];
    return NULL;
}

/* ---- one transfer ---- */

typedef enum { AB_NONE, AB_STATUS, AB_TOO_BIG, AB_IO } abort_reason;

typedef struct {
    CURL *h;
    const fetch_opts *o;
    int fd;
    uint64_t max_bytes;
    /* State of the response being received, reset at each status line. */
    int status;
    bool body_started; /* a 2xx body is arriving: later header lines are trailers */
    uint64_t bytes, total, skipped, reported;
    bool progress_called;
    abort_reason abort;
    int io_errno;
    long retry_after; /* seconds, -1 when absent */
    char etag[FETCH_HDR_MAX + 1], last_modified[FETCH_HDR_MAX + 1];
} xfer;

static void xfer_reset_response(xfer *x)
{
    x->status = 0;
    x->body_started = false;
    x->total = x->skipped = 0;
    x->retry_after = -1;
    x->etag[0] = x->last_modified[0] = '\0';
}

static void parse_retry_after(xfer *x, const char *v, size_t n)
{
    char buf[128];
    if (n >= sizeof(buf))
        return;
    memcpy(buf, v, n);
    buf[n] = '\0';
    if (buf[0] >= '0' && buf[0] <= '9') {
        long s = 0;
        for (size_t i = 0; i < n; i++) {
            if (buf[i] < '0' || buf[i] > '9')
                return;
            if (s < 1000000000L)
                s = s * 10 + (buf[i] - '0');
        }
        x->retry_after = s;
        return;
    }
    time_t t = cu.getdate(buf, NULL);
    if (t == (time_t)-1)
        return;
    time_t now = time(NULL);
    x->retry_after = t > now ? (long)(t - now) : 0;
}

static size_t on_header(char *buf, size_t size, size_t nitems, void *ud)
{
    xfer *x = ud;
    size_t len = size * nitems;
    if (len >= 5 && memcmp(buf, "HTTP/", 5) == 0) {
        /* A new response (1xx, redirect, proxy CONNECT, or the final one). */
        xfer_reset_response(x);
        size_t i = 5;
        while (i < len && buf[i] != ' ')
            i++;
        while (i < len && buf[i] == ' ')
            i++;
        int st = 0, digits = 0;
        while (i < len && digits < 3 && buf[i] >= '0' && buf[i] <= '9') {
            st = st * 10 + (buf[i++] - '0');
            digits++;
        }
        x->status = digits == 3 ? st : 0;
        return len;
    }
    if (x->body_started)
        return len; /* trailers: the validators are those of the headers */
    const char *colon = memchr(buf, ':', len);
    if (!colon)
        return len;
    size_t nlen = (size_t)(colon - buf);
    const char *v = colon + 1, *e = buf + len;
    while (v < e && (*v == ' ' || *v == '\t'))
        v++;
    while (e > v && (e[-1] == '\r' || e[-1] == '\n' || e[-1] == ' ' || e[-1] == '\t'))
        e--;
    size_t vlen = (size_t)(e - v);
    if (nlen == 4 && strncasecmp(buf, "etag", 4) == 0) {
        if (clean_value(v, vlen)) {
            memcpy(x->etag, v, vlen);
            x->etag[vlen] = '\0';
        }
    } else if (nlen == 13 && strncasecmp(buf, "last-modified", 13) == 0) {
        if (clean_value(v, vlen)) {
            memcpy(x->last_modified, v, vlen);
            x->last_modified[vlen] = '\0';
        }
    } else if (nlen == 11 && strncasecmp(buf, "retry-after", 11) == 0) {
        parse_retry_after(x, v, vlen);
    }
    return len;
}

static void report_progress(xfer *x, bool final)
{
    if (!x->o->progress)
        return;
    uint64_t step = x->total / 200;
    if (step < 65536)
        step = 65536;
    if (final ? (x->progress_called && x->reported == x->bytes)
              : (x->bytes - x->reported < step))
        return;
    x->reported = x->bytes;
    x->progress_called = true;
    x->o->progress(x->o->progress_ud, x->bytes, x->total);
}

static size_t on_body(char *buf, size_t size, size_t nitems, void *ud)
{
    xfer *x = ud;
    size_t len = size * nitems;
    if (!is_success(x->status)) {
        /* A redirect being followed may carry a body: skip a bounded amount.
         * An error's body is never read: the status says enough. */
        if (x->status >= 300 && x->status <= 399 && len <= FETCH_REDIRECT_BODY_MAX - x->skipped) {
            x->skipped += len;
            return len;
        }
        x->abort = AB_STATUS;
        return 0;
    }
    if (!x->body_started) {
        x->body_started = true;
        curl_off_t cl = -1;
        if (cu.easy_getinfo(x->h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) != CURLE_OK)
            cl = -1;
        x->total = cl > 0 ? (uint64_t)cl : 0;
        if (x->total > x->max_bytes) {
            x->abort = AB_TOO_BIG;
            return 0;
        }
    }
    if (len > x->max_bytes - x->bytes) {
        x->abort = AB_TOO_BIG;
        return 0;
    }
    if (write_all(x->fd, buf, len) != 0) {
        x->io_errno = errno;
        x->abort = AB_IO;
        return 0;
    }
    x->bytes += len;
    report_progress(x, false);
    return len;
}

/* Connection-level failures worth another attempt. */
static bool curl_retryable(CURLcode rc)
{
    switch (rc) {
    case CURLE_COULDNT_RESOLVE_PROXY:
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_CONNECT:
    case CURLE_HTTP2:
    case CURLE_PARTIAL_FILE:
    case CURLE_OPERATION_TIMEDOUT:
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_GOT_NOTHING:
    case CURLE_SEND_ERROR:
    case CURLE_RECV_ERROR:
    case CURLE_HTTP2_STREAM:
    case CURLE_HTTP3:
    case CURLE_QUIC_CONNECT_ERROR:
        return true;
    default:
        return false;
    }
}

/* Hint appended to a libcurl error. */
static const char *curl_hint(CURLcode rc)
{
    switch (rc) {
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_ISSUER_ERROR:
        return " (the server's TLS certificate is not trusted: add its CA with a CA bundle, "
               "or SSL_CERT_FILE)";
    case CURLE_SSL_CACERT_BADFILE:
        return " (the CA bundle could not be read)";
    case CURLE_UNSUPPORTED_PROTOCOL:
        return " (only http:// and https:// are fetched, and https:// never redirects to "
               "http://)";
    default:
        return "";
    }
}

static bool url_scheme_ok(const char *url, bool *https)
{
    *https = strncasecmp(url, "https://", 8) == 0;
    return *https || strncasecmp(url, "http://", 7) == 0;
}

/* Splits dest into the temporary file template "DIR/.BASE.XXXXXX" and the
 * directory "DIR". */
static int temp_paths(const char *dest, char *tmpl, size_t tlen, char *dir, size_t dlen)
{
    const char *slash = strrchr(dest, '/');
    const char *base = slash ? slash + 1 : dest;
    if (!*base)
        return -1;
    int dn;
    if (!slash)
        dn = snprintf(dir, dlen, ".");
    else if (slash == dest)
        dn = snprintf(dir, dlen, "/");
    else
        dn = snprintf(dir, dlen, "%.*s", (int)(slash - dest), dest);
    if (dn < 0 || (size_t)dn >= dlen)
        return -1;
    int tn = snprintf(tmpl, tlen, "%s/.%s.XXXXXX", dir, base);
    if (tn < 0 || (size_t)tn >= tlen)
        return -1;
    return 0;
}

static void fsync_dir(const char *dir)
{
    int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        (void)fsync(dfd); /* best effort: the rename is done either way */
        close(dfd);
    }
}

static char *dup_or_null(const char *s)
{
    return s && *s ? strdup(s) : NULL;
}

int fetch_url(const char *url, const char *dest, const fetch_opts *opts, fetch_result *res,
              char *err, size_t errlen)
{
    static const fetch_opts defaults;
    const fetch_opts *o = opts ? opts : &defaults;
    fetch_result dummy;
    if (!res)
        res = &dummy;
    memset(res, 0, sizeof(*res));
    if (err && errlen)
        err[0] = '\0';
    if (!url || !dest) {
        mt_seterr(err, errlen, "fetch: no URL or destination");
        return -1;
    }
    bool https;
    if (!url_scheme_ok(url, &https)) {
        mt_seterr(err, errlen, "%s: unsupported URL: only http:// and https:// are fetched", url);
        return -1;
    }
    pthread_once(&cu_once, cu_load);
    if (!cu_ok) {
        mt_seterr(err, errlen, "%s", cu_err);
        return -1;
    }

    int max_attempts = o->max_attempts > 0 ? o->max_attempts : 4;
    if (max_attempts > FETCH_MAX_ATTEMPTS)
        max_attempts = FETCH_MAX_ATTEMPTS;
    long backoff_ms = o->backoff_ms > 0 ? o->backoff_ms : 1000;
    if (backoff_ms > FETCH_BACKOFF_CAP_MS)
        backoff_ms = FETCH_BACKOFF_CAP_MS;
    uint64_t max_bytes = o->max_bytes ? o->max_bytes : FETCH_DEFAULT_MAX_BYTES;

    char tmp[PATH_MAX], dir[PATH_MAX];
    if (temp_paths(dest, tmp, sizeof(tmp), dir, sizeof(dir)) != 0) {
        mt_seterr(err, errlen, "%s: not a usable file name", dest);
        return -1;
    }
    struct stat dst;
    bool have_dest = stat(dest, &dst) == 0;
    if (have_dest && !S_ISREG(dst.st_mode)) {
        mt_seterr(err, errlen, "%s: exists and is not a regular file", dest);
        return -1;
    }

    /* Extra CA bundles: read before anything is created. */
    const char *extra_ca[3];
    int n_extra = ca_sources(o->ca_file, extra_ca);
    mt_buf ca_pem;
    mt_buf_init(&ca_pem);
    for (int i = 0; i < n_extra; i++) {
        if (append_file(&ca_pem, extra_ca[i]) != 0) {
            mt_seterr(err, errlen, "cannot read CA bundle %s: %s", extra_ca[i], strerror(errno));
            mt_buf_free(&ca_pem);
            return -1;
        }
    }

    int rc_out = -1;
    CURL *h = NULL;
    struct curl_slist *hdrs = NULL;
    char *hdr_inm = NULL, *hdr_ims = NULL;
    xfer x;
    memset(&x, 0, sizeof(x));
    x.o = o;
    x.max_bytes = max_bytes;
    x.fd = mkostemp(tmp, O_CLOEXEC);
    if (x.fd < 0) {
        mt_seterr(err, errlen, "cannot create a temporary file in %s: %s", dir, strerror(errno));
        x.fd = -1;
        tmp[0] = '\0';
        goto out;
    }

    h = cu.easy_init();
    if (!h) {
        mt_seterr(err, errlen, "%s: curl_easy_init failed", url);
        goto out;
    }
    x.h = h;

    /* Conditional request headers, only for a file that is there. */
    bool conditional = false;
    if ((have_dest || o->validators_without_dest) && o->etag && clean_value(o->etag, strlen(o->etag))) {
        size_t n = strlen(o->etag) + sizeof("If-None-Match: ");
        hdr_inm = malloc(n);
        if (hdr_inm) {
            snprintf(hdr_inm, n, "If-None-Match: %s", o->etag);
            struct curl_slist *t = cu.slist_append(hdrs, hdr_inm);
            if (t) {
                hdrs = t;
                conditional = true;
            }
        }
    }
    if ((have_dest || o->validators_without_dest) && o->last_modified && clean_value(o->last_modified, strlen(o->last_modified))) {
        size_t n = strlen(o->last_modified) + sizeof("If-Modified-Since: ");
        hdr_ims = malloc(n);
        if (hdr_ims) {
            snprintf(hdr_ims, n, "If-Modified-Since: %s", o->last_modified);
            struct curl_slist *t = cu.slist_append(hdrs, hdr_ims);
            if (t) {
                hdrs = t;
                conditional = true;
            }
        }
    }

    char errbuf[CURL_ERROR_SIZE];
    errbuf[0] = '\0';
    char ua[64];
    snprintf(ua, sizeof(ua), "moat/%s", MOAT_VERSION);
    CURLcode sc = CURLE_OK;
    const char *bad_opt = NULL;
#define SETOPT(opt, val)                                                                           \
    do {                                                                                           \
        if (!bad_opt && (sc = cu.easy_setopt(h, opt, val)) != CURLE_OK)                            \
            bad_opt = #opt;                                                                        \
    } while (0)
    SETOPT(CURLOPT_URL, url);
    SETOPT(CURLOPT_ERRORBUFFER, errbuf);
    SETOPT(CURLOPT_FOLLOWLOCATION, 1L);
    SETOPT(CURLOPT_MAXREDIRS, (long)FETCH_MAX_REDIRS);
    SETOPT(CURLOPT_SSL_VERIFYPEER, 1L);
    SETOPT(CURLOPT_SSL_VERIFYHOST, 2L);
    SETOPT(CURLOPT_CONNECTTIMEOUT, o->connect_timeout_s > 0 ? o->connect_timeout_s : 30L);
    SETOPT(CURLOPT_LOW_SPEED_LIMIT, (long)FETCH_LOW_SPEED_BPS);
    SETOPT(CURLOPT_LOW_SPEED_TIME, o->low_speed_time_s > 0 ? o->low_speed_time_s : 60L);
    SETOPT(CURLOPT_USERAGENT, o->user_agent && *o->user_agent ? o->user_agent : ua);
    SETOPT(CURLOPT_WRITEFUNCTION, on_body);
    SETOPT(CURLOPT_WRITEDATA, &x);
    SETOPT(CURLOPT_HEADERFUNCTION, on_header);
    SETOPT(CURLOPT_HEADERDATA, &x);
    SETOPT(CURLOPT_TCP_KEEPALIVE, 1L);
    if (hdrs)
        SETOPT(CURLOPT_HTTPHEADER, hdrs);
    if (!bad_opt) {
        /* Protocols: by name since 7.85, by bit mask before. */
        sc = cu.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
        if (sc == CURLE_OK)
            sc = cu.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, https ? "https" : "http,https");
        else if (sc == CURLE_UNKNOWN_OPTION) {
            sc = cu.easy_setopt(h, CURLOPT_PROTOCOLS, (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
            if (sc == CURLE_OK)
                sc = cu.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS,
                                    https ? (long)CURLPROTO_HTTPS
                                          : (long)(CURLPROTO_HTTP | CURLPROTO_HTTPS));
        }
        if (sc != CURLE_OK)
            bad_opt = "CURLOPT_PROTOCOLS";
    }
    if (!bad_opt && n_extra) {
        mt_buf all;
        mt_buf_init(&all);
        const char *sys = system_ca_file(h);
        if (sys)
            (void)append_file(&all, sys); /* unreadable: the extra CAs alone */
        mt_buf_put(&all, ca_pem.data, ca_pem.len);
        struct curl_blob blob = {all.data, all.len, CURL_BLOB_COPY};
        sc = cu.easy_setopt(h, CURLOPT_CAINFO_BLOB, &blob);
        mt_buf_free(&all);
        /* A TLS backend without blobs (GnuTLS) gets the first extra file
         * instead of the system bundle. */
        if (sc != CURLE_OK)
            sc = cu.easy_setopt(h, CURLOPT_CAINFO, extra_ca[0]);
        if (sc != CURLE_OK)
            bad_opt = "CURLOPT_CAINFO";
    }
#undef SETOPT
    if (bad_opt) {
        mt_seterr(err, errlen, "%s: libcurl refused %s: %s", url, bad_opt, cu.easy_strerror(sc));
        goto out;
    }

    uint64_t base_ms = (uint64_t)backoff_ms;
    for (int attempt = 1;; attempt++) {
        xfer_reset_response(&x);
        x.bytes = x.reported = 0;
        x.progress_called = false;
        x.abort = AB_NONE;
        errbuf[0] = '\0';
        if (ftruncate(x.fd, 0) != 0 || lseek(x.fd, 0, SEEK_SET) != 0) {
            mt_seterr(err, errlen, "%s: %s", tmp, strerror(errno));
            goto out;
        }
        CURLcode rc = cu.easy_perform(h);
        long code = 0;
        if (cu.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &code) != CURLE_OK || code <= 0 ||
            code > 999)
            code = x.status;
        res->status = (int)code;
        res->attempts = attempt;
        res->bytes = x.bytes;

        char why[CURL_ERROR_SIZE + 256];
        bool retry = false;
        if (x.abort == AB_IO) {
            mt_seterr(err, errlen, "%s: writing %s: %s", url, tmp, strerror(x.io_errno));
            goto out;
        }
        if (x.abort == AB_TOO_BIG) {
            mt_seterr(err, errlen, "%s: the body is larger than the limit of %" PRIu64 " bytes", url,
                   max_bytes);
            goto out;
        }
        if (rc == CURLE_OK || x.abort == AB_STATUS) {
            if (rc == CURLE_OK && is_success((int)code)) {
                curl_off_t cl = -1;
                if (cu.easy_getinfo(h, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl) != CURLE_OK)
                    cl = -1;
                if (cl >= 0 && (uint64_t)cl != x.bytes) {
                    snprintf(why, sizeof(why), "body cut short: %" PRIu64 " of %" PRId64 " bytes",
                             x.bytes, (int64_t)cl);
                    retry = true;
                } else {
                    break; /* success */
                }
            } else if (code == 304) {
                if (!conditional) {
                    mt_seterr(err, errlen, "%s: HTTP 304 to a request that was not conditional", url);
                    goto out;
                }
                res->not_modified = true;
                res->etag = dup_or_null(x.etag[0] ? x.etag : o->etag);
                res->last_modified =
                    dup_or_null(x.last_modified[0] ? x.last_modified : o->last_modified);
                rc_out = 0;
                goto out;
            } else if (code == 429 || (code >= 500 && code <= 599)) {
                snprintf(why, sizeof(why), "HTTP %ld", code);
                retry = true;
            } else {
                mt_seterr(err, errlen, "%s: HTTP %ld", url, code);
                goto out;
            }
        } else {
            snprintf(why, sizeof(why), "%s%s", errbuf[0] ? errbuf : cu.easy_strerror(rc),
                     curl_hint(rc));
            size_t wl = strlen(why);
            if (wl && why[wl - 1] == '\n') /* some libcurl messages end in one */
                why[wl - 1] = '\0';
            retry = curl_retryable(rc);
        }
        if (!retry || attempt >= max_attempts) {
            if (attempt > 1)
                mt_seterr(err, errlen, "%s: %s (after %d attempts)", url, why, attempt);
            else
                mt_seterr(err, errlen, "%s: %s", url, why);
            goto out;
        }
        if (x.retry_after > FETCH_RETRY_AFTER_MAX) {
            mt_seterr(err, errlen, "%s: %s, and the server asks to wait %ld s before retrying", url,
                   why, x.retry_after);
            goto out;
        }
        uint64_t delay = base_ms - rnd() % (base_ms / 2 + 1); /* in [base/2, base] */
        if (x.retry_after >= 0 && (uint64_t)x.retry_after * 1000 > delay)
            delay = (uint64_t)x.retry_after * 1000;
        if (o->sleep)
            o->sleep(o->sleep_ud, delay);
        else
            sleep_ms(delay);
        base_ms = base_ms * 2 > FETCH_BACKOFF_CAP_MS ? FETCH_BACKOFF_CAP_MS : base_ms * 2;
    }

    /* The whole body is in the temporary file: make it dest. */
    if (fchmod(x.fd, have_dest ? (dst.st_mode & 07777) : 0644) != 0 || fsync(x.fd) != 0) {
        mt_seterr(err, errlen, "%s: %s", tmp, strerror(errno));
        goto out;
    }
    int fd = x.fd;
    x.fd = -1;
    if (close(fd) != 0) {
        mt_seterr(err, errlen, "%s: %s", tmp, strerror(errno));
        goto out;
    }
    if (rename(tmp, dest) != 0) {
        mt_seterr(err, errlen, "cannot rename %s to %s: %s", tmp, dest, strerror(errno));
        goto out;
    }
    tmp[0] = '\0';
    fsync_dir(dir);
    report_progress(&x, true);
    res->etag = dup_or_null(x.etag);
    res->last_modified = dup_or_null(x.last_modified);
    rc_out = 0;

out:
    if (x.fd >= 0)
        close(x.fd);
    if (tmp[0])
        unlink(tmp);
    if (h)
        cu.easy_cleanup(h);
    if (hdrs)
        cu.slist_free_all(hdrs);
    free(hdr_inm);
    free(hdr_ims);
    mt_buf_free(&ca_pem);
    if (res == &dummy)
        fetch_result_free(res);
    return rc_out;
}

void fetch_result_free(fetch_result *r)
{
    if (!r)
        return;
    free(r->etag);
    free(r->last_modified);
    r->etag = r->last_modified = NULL;
}
