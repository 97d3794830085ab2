/* secrets.c — see secrets.h. */
#include "core/secrets.h"
#include "core/util.h"

#include <string.h>

/* Splits a variable name into lower-case segments on _ - . and checks them
 * against the secret vocabulary. */
bool mt_secret_name(const char *name)
{
    char seg[8][32];
    int n = 0;
    const char *p = name;
    while (*p && n < 8) {
        size_t l = strcspn(p, "_-.");
        if (l) {
            size_t m = l < 31 ? l : 31;
            for (size_t i = 0; i < m; i++)
                seg[n][i] = (char)(p[i] >= 'A' && p[i] <= 'Z' ? p[i] + ('a' - 'A') : p[i]);
            seg[n][m] = '\0';
            n++;
        }
        p += l;
        if (*p)
            p++;
    }
    if (n == 0)
        return false;
    /* Names that point at a secret rather than hold it. */
    static const char *const refs[] = {"file", "path", "dir", "filename", "location", "url",
                                       "endpoint", "host", "port", "user", "username", "name",
                                       "id", "header", "type", "length", "ttl", "expiry",
                                       "version", "mode", "enabled", NULL};
    for (const char *const *r = refs; *r; r++) {
        if (mt_streq(seg[n - 1], *r))
            return false;
    }
    static const char *const words[] = {"password", "passwd", "pass", "passphrase", "pwd_hash",
                                        "secret", "secrets", "token", "apikey", "credential",
                                        "credentials", "privatekey", NULL};
    for (int i = 0; i < n; i++) {
        for (const char *const *w = words; *w; w++) {
            if (mt_streq(seg[i], *w))
                return true;
        }
        if (mt_streq(seg[i], "key") && i > 0) {
            static const char *const kinds[] = {"api", "access", "private", "secret", "client",
                                                "signing", "encryption", "master", "license",
                                                "auth", "account", "service", NULL};
            for (const char *const *kd = kinds; *kd; kd++) {
                if (mt_streq(seg[i - 1], *kd))
                    return true;
            }
        }
        if (mt_streq(seg[i], "auth") && i + 1 < n && mt_streq(seg[i + 1], "token"))
            return true;
    }
    return false;
}

static bool run_of(const char *s, size_t n, const char *set)
{
    for (size_t i = 0; i < n; i++) {
        if (!s[i] || !strchr(set, s[i]))
            return false;
    }
    return true;
}

#define ALNUM "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

/* Known credential formats found in a value; returns a description. Each
 * position is tested only against the formats that start with its byte. */
const char *mt_secret_value(const char *v)
{
    for (const char *p = v; *p; p++) {
        switch (*p) {
        case 'A':
            if ((!strncmp(p, "AKIA", 4) || !strncmp(p, "ASIA", 4)) &&
                run_of(p + 4, 16, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"))
                return "an AWS access key ID";
            if (!strncmp(p, "AIza", 4) && run_of(p + 4, 35, ALNUM "_-"))
                return "a Google API key";
            break;
        case 'g':
            if (p[1] == 'h' && strchr("posur", p[2]) && p[2] && p[3] == '_' && run_of(p + 4, 36, ALNUM))
                return "a GitHub token";
            if (!strncmp(p, "github_pat_", 11) && run_of(p + 11, 22, ALNUM "_"))
                return "a GitHub fine-grained token";
            if (!strncmp(p, "glpat-", 6) && run_of(p + 6, 20, ALNUM "_-"))
                return "a GitLab token";
            break;
        case 'x':
            if (p[1] == 'o' && p[2] == 'x' && p[3] && strchr("baprs", p[3]) && p[4] == '-' &&
                run_of(p + 5, 10, ALNUM "-"))
                return "a Slack token";
            break;
        case 's':
        case 'r':
            if (!strncmp(p + 1, "k_live_", 7) && run_of(p + 8, 20, ALNUM))
                return "a Stripe live key";
            break;
        case 'n':
            if (!strncmp(p, "npm_", 4) && run_of(p + 4, 36, ALNUM))
                return "an npm token";
            break;
        case 'S':
            if (p[1] == 'G' && p[2] == '.' && run_of(p + 3, 22, ALNUM "_-") && p[25] == '.')
                return "a SendGrid key";
            break;
        case '-':
            if (!strncmp(p, "-----BEGIN", 10) && strstr(p, "PRIVATE KEY"))
                return "a private key";
            break;
        case ':':
            if (p[1] == '/' && p[2] == '/') {
                /* scheme://user:password@host */
                const char *at = strchr(p + 3, '@');
                const char *colon = strchr(p + 3, ':');
                const char *slash = strchr(p + 3, '/');
                if (at && colon && colon < at && (!slash || at < slash) && colon + 1 < at &&
                    colon[1] != '$')
                    return "a URL with an embedded password";
            }
            break;
        default:
            break;
        }
    }
    return NULL;
}
