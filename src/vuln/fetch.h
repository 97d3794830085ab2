/* fetch.h — downloads of vulnerability feeds (OSV archives, Alpine secdb
 * files) over HTTP(S) for `moat db update`: conditional requests (ETag,
 * Last-Modified), retries with backoff, size bounds, and an atomic
 * replacement of the destination file.
 *
 * libcurl is not linked: it is loaded with dlopen("libcurl.so.4") on the
 * first call of fetch_url() (falling back to Debian's libcurl-gnutls.so.4;
 * the environment variable MOAT_LIBCURL names another file to load
 * instead), so commands that never download pay nothing for it and the
 * process never binds a second OpenSSL at start-up. Without libcurl
 * fetch_url() fails with an error saying which package to install.
 *
 * Proxies are libcurl's usual environment variables (https_proxy,
 * http_proxy, no_proxy, ...).
 *
 * Library code: never prints, never exits; progress is reported through a
 * callback. fetch_url() may be called from several threads at once (one
 * transfer each); the loading of libcurl happens once.
 *
 * Ownership: the strings of fetch_opts stay the caller's. fetch_result's
 * etag and last_modified are malloc()ed and released by
 * fetch_result_free(); everything else in it is plain values. */
#ifndef MOAT_VULN_FETCH_H
#define MOAT_VULN_FETCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef struct fetch_opts {
    /* Validators of the copy of dest on disk, from the last successful
     * download; may be NULL. Sent as If-None-Match / If-Modified-Since, but
     * only when dest exists (a 304 for a missing file would be useless),
     * unless validators_without_dest says the caller keeps what the last
     * download brought elsewhere (the database keeps a feed's records, not
     * its file). Values holding control characters are not sent. */
    const char *etag;
    const char *last_modified; /* an HTTP date string */
    bool validators_without_dest;
    /* Attempts in all (0 = 4). Retried: connection, TLS handshake and
     * timeout errors, bodies cut short, HTTP 429 and 5xx. A Retry-After
     * (seconds or HTTP date) of up to 60 s is waited for; a longer one ends
     * the retries at once. Never retried: other 4xx, TLS certificate
     * failures, too large bodies, local I/O errors. */
    int max_attempts;
    /* Seconds to connect (0 = 30); a transfer slower than 1 KiB/s for
     * low_speed_time_s seconds (0 = 60) is abandoned (and retried). */
    long connect_timeout_s, low_speed_time_s;
    /* A body larger than this is refused (0 = 2 GiB): at once when the
     * response announces its length, as soon as it exceeds it otherwise. */
    uint64_t max_bytes;
    /* A PEM bundle of CA certificates trusted in addition to the system's
     * bundle, may be NULL; so are the bundles named by the environment's
     * SSL_CERT_FILE and CURL_CA_BUNDLE. An extra bundle that cannot be read
     * is an error. (With a libcurl whose TLS library takes no in-memory
     * bundle, GnuTLS, the first of them replaces the system's instead.)
     * Certificate and host name verification are always on. */
    const char *ca_file;
    /* Called as the body arrives: done bytes of this attempt (a retry
     * starts again from 0), total from Content-Length or 0 when unknown;
     * called at least once more with the final count on success. */
    void (*progress)(void *ud, uint64_t done, uint64_t total);
    void *progress_ud;
    const char *user_agent; /* NULL = "moat/VERSION" */
    /* First retry delay in milliseconds (0 = 1000), doubled at each further
     * attempt (at most 30 s), with random jitter of up to half of it. */
    long backoff_ms;
    /* Called with each delay before a retry, instead of sleeping, when set
     * (tests check the delays asked for without waiting for them). */
    void (*sleep)(void *ud, uint64_t ms);
    void *sleep_ud;
} fetch_opts;

typedef struct fetch_result {
    int status;        /* HTTP status of the final attempt (200, 304, ...); 0 if none */
    bool not_modified; /* 304: dest untouched */
    /* Validators of the file now at dest (malloc()ed, NULL when the server
     * sent none): those of the new download, or after a 304 the ones the
     * server repeated in it, else copies of the ones the caller sent. */
    char *etag, *last_modified;
    uint64_t bytes; /* body bytes of the final attempt */
    int attempts;   /* requests made */
} fetch_result;

/* Downloads url (http:// or https:// only; redirects, at most 10, are
 * followed, and never from https to http) into dest atomically: the body
 * goes to a temporary file ".NAME.XXXXXX" in dest's directory, is fsync'ed,
 * and renamed over dest only when the whole body arrived with a 2xx status
 * and (when the server sent Content-Length) the right length; the
 * directory is then fsync'ed. On any failure, and on 304, dest is untouched
 * and the temporary file removed. A new dest keeps the permissions of the
 * file it replaces, or gets 0644.
 * Returns 0, or -1 with a message in err (naming the URL, and the HTTP
 * status when there was one). res is always filled (o may be NULL for the
 * defaults); call fetch_result_free(res) after either outcome. */
int fetch_url(const char *url, const char *dest, const fetch_opts *o, fetch_result *res, char *err,
              size_t errlen);

void fetch_result_free(fetch_result *r);

#endif
