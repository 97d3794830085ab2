/* shell_analyzer.c — the "shell" analyzer (class config): finds every
 * `docker run` / `podman run` (and `create`) command in a shell script,
 * reads each into the workload model (docker_run.h) and runs the workload
 * rules on it (wl_check), so a script is judged as a pod spec or a Compose
 * service is.
 *
 * Files: *.sh and *.bash by name; in a directory walk, files without an
 * extension whose first bytes are "#!" are read, and claimed when the
 * shebang names a shell (sh, bash, dash, ksh, mksh, zsh, ash, busybox sh,
 * `/usr/bin/env [-S] bash`); other files are skipped quietly.
 *
 * The script is cut into logical lines: a newline ends one unless it is
 * quoted, escaped (a continuation) or inside $( ) or backquotes; here-document
 * bodies and comments are skipped. Each logical line that mentions docker or
 * podman is split with the POSIX shell splitter (dockerfile/sh_split.h),
 * which also lists the commands of $( ) substitutions and `sh -c` bodies, and
 * sees through wrappers (sudo, env X=1, exec, command, nohup, time...). The
 * splitter keeps no positions, so every word of a docker command is found
 * again in the logical line's text (its raw form is a copy of the source),
 * which gives each word its line and column, also across continuations.
 *
 * Suppression: a comment `# moat:ignore=ID[,ID] reason` on the line before a
 * command (or in the block of comment lines right above it) suppresses those
 * rules on every line of that command.
 *
 * The workload rules themselves are listed by mt_workload_rules (wl.c,
 * type "workload", rules only), their one owner whichever front end (pod
 * spec, Compose, docker run) emits them.
 *
 * Memory: a scratch arena per file, freed at the end of scan(). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "core/pragma.h"
#include "core/scan.h"
#include "dockerfile/sh_split.h"
#include "workload/docker_run.h"
#include "workload/wl.h"

#define SHELL_MAX_DOCKER_CMDS 2000 /* docker/podman commands judged per file */
#define SHELL_MAX_HEREDOCS 8       /* here-documents opened on one line */
#define SHELL_MAX_DELIM 256        /* length of a here-document delimiter */

/* ---- file selection ---- */

static bool shell_match_name(const char *path)
{
    const char *b = mt_basename(path);
    const char *dot = strrchr(b, '.');
    return dot && dot != b && (strcasecmp(dot, ".sh") == 0 || strcasecmp(dot, ".bash") == 0);
}

static bool is_shell_name(const char *s, size_t len)
{
    static const char *const names[] = {"sh", "bash", "dash", "ksh", "mksh", "zsh", "ash", NULL};
    for (const char *const *k = names; *k; k++) {
        if (strlen(*k) == len && memcmp(*k, s, len) == 0)
            return true;
    }
    return false;
}

/* "#!/bin/sh", "#! /bin/bash -e", "#!/usr/bin/env bash", "#!/usr/bin/env -S bash -e",
 * "#!/bin/busybox sh". */
static bool shell_sniff(const char *data, size_t len)
{
    if (len < 3 || data[0] != '#' || data[1] != '!')
        return false;
    const char *nl = memchr(data, '\n', len);
    size_t end = nl ? (size_t)(nl - data) : len;
    if (end > 256)
        end = 256;
    char line[257];
    memcpy(line, data + 2, end - 2);
    line[end - 2] = '\0';
    /* words of the shebang line */
    const char *w[4];
    size_t wl[4];
    int n = 0;
    for (const char *p = line; *p && n < 4;) {
        while (*p == ' ' || *p == '\t' || *p == '\r')
            p++;
        if (!*p)
            break;
        const char *s = p;
        while (*p && *p != ' ' && *p != '\t' && *p != '\r')
            p++;
        w[n] = s;
        wl[n] = (size_t)(p - s);
        n++;
    }
    if (n == 0)
        return false;
    const char *b = w[0];
    for (size_t i = 0; i < wl[0]; i++) {
        if (w[0][i] == '/')
            b = w[0] + i + 1;
    }
    size_t bl = wl[0] - (size_t)(b - w[0]);
    if (is_shell_name(b, bl))
        return true;
    int k = 1;
    if (bl == 3 && memcmp(b, "env", 3) == 0) {
        while (k < n && w[k][0] == '-') /* env -S, env -i */
            k++;
        return k < n && is_shell_name(w[k], wl[k]);
    }
    if (bl == 7 && memcmp(b, "busybox", 7) == 0)
        return n > 1 && is_shell_name(w[1], wl[1]);
    return false;
}

/* Files without an extension that start with "#!": scripts worth reading. */
static bool shell_maybe_name(const char *path)
{
    const char *b = mt_basename(path);
    const char *dot = strrchr(b, '.');
    if (dot && dot != b)
        return false;
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return false;
    char head[2];
    bool ok = fread(head, 1, 2, fp) == 2 && head[0] == '#' && head[1] == '!';
    fclose(fp);
    return ok;
}

/* ---- logical lines ---- */

/* Positions inside one logical line: the offsets of its newlines, so a
 * word's line is found by binary search. A logical line starts at the
 * start of a physical line. */
typedef struct seg_index {
    size_t start;  /* offset of the logical line */
    int line;      /* its 1-based line number */
    size_t *nl;    /* offsets of the newlines in it */
    size_t nnl;
} seg_index;

static void index_segment(mt_arena *a, const char *s, size_t start, size_t end, int line,
                          seg_index *ix)
{
    ix->start = start;
    ix->line = line;
    ix->nnl = 0;
    for (const char *p = s + start; (p = memchr(p, '\n', (size_t)(s + end - p))) != NULL; p++)
        ix->nnl++;
    ix->nl = mt_arena_alloc(a, (ix->nnl + 1) * sizeof(size_t));
    size_t k = 0;
    for (const char *p = s + start; (p = memchr(p, '\n', (size_t)(s + end - p))) != NULL; p++)
        ix->nl[k++] = (size_t)(p - s);
}

/* The 1-based line and column of offset off of the logical line. */
static wl_loc loc_at(const seg_index *ix, size_t off)
{
    size_t lo = 0, hi = ix->nnl; /* newlines before off: [0, lo) */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (ix->nl[mid] < off)
            lo = mid + 1;
        else
            hi = mid;
    }
    size_t ls = lo ? ix->nl[lo - 1] + 1 : ix->start;
    size_t col = off - ls + 1;
    long line = (long)ix->line + (long)lo;
    return (wl_loc){line > 0x7fffffff ? 0 : (int)line, col > 1000000 ? 0 : (int)col};
}

/* The end of a $( ) starting after "$(" (the closing paren, or n),
 * honouring quotes and escapes. */
static size_t skip_paren(const char *s, size_t n, size_t i)
{
    int lvl = 1;
    while (i < n) {
        char c = s[i];
        if (c == '\\') {
            i += 2;
            continue;
        }
        if (c == '\'') {
            const char *q = memchr(s + i + 1, '\'', n - i - 1);
            i = q ? (size_t)(q - s) + 1 : n;
            continue;
        }
        if (c == '"') {
            i++;
            while (i < n && s[i] != '"')
                i += s[i] == '\\' ? 2 : 1;
            i++;
            continue;
        }
        if (c == '(')
            lvl++;
        else if (c == ')' && --lvl == 0)
            return i;
        i++;
    }
    return n;
}

static size_t skip_backquote(const char *s, size_t n, size_t i)
{
    while (i < n && s[i] != '`')
        i += s[i] == '\\' ? 2 : 1;
    return i < n ? i : n;
}

typedef struct heredoc {
    char delim[SHELL_MAX_DELIM + 1];
    bool strip;
} heredoc;

static bool delim_char(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == ';' || c == '&' || c == '|' || c == '(' ||
           c == ')' || c == '<' || c == '>';
}

/* Reads a here-document delimiter word at i (quotes removed); returns the
 * index after it. */
static size_t read_delim(const char *s, size_t n, size_t i, heredoc *h)
{
    size_t o = 0;
    while (i < n && !delim_char(s[i])) {
        char c = s[i];
        if (c == '\'' || c == '"') {
            size_t j = i + 1;
            while (j < n && s[j] != c)
                j++;
            for (size_t k = i + 1; k < j && o < SHELL_MAX_DELIM; k++)
                h->delim[o++] = s[k];
            i = j < n ? j + 1 : n;
            continue;
        }
        if (c == '\\' && i + 1 < n)
            i++;
        if (o < SHELL_MAX_DELIM)
            h->delim[o++] = s[i];
        i++;
    }
    h->delim[o] = '\0';
    return i;
}

/* After the newline ending a logical line: skips the bodies of the
 * here-documents opened on it; returns where the next line starts. */
static size_t skip_heredocs(const char *s, size_t n, size_t i, const heredoc *hd, int nhd)
{
    for (int h = 0; h < nhd; h++) {
        size_t dl = strlen(hd[h].delim);
        while (i < n) {
            const char *nl = memchr(s + i, '\n', n - i);
            size_t le = nl ? (size_t)(nl - s) : n;
            const char *line = s + i;
            size_t len = le - i;
            i = nl ? le + 1 : n;
            if (hd[h].strip) {
                while (len && *line == '\t') {
                    line++;
                    len--;
                }
            }
            while (len && line[len - 1] == '\r')
                len--;
            if (len == dl && memcmp(line, hd[h].delim, dl) == 0)
                break;
        }
    }
    return i;
}

/* The logical line starting at *start: sets *end (exclusive, before its
 * newline) and returns where the next one starts. */
static size_t next_logical_line(const char *s, size_t n, size_t start, size_t *end)
{
    heredoc hd[SHELL_MAX_HEREDOCS];
    int nhd = 0;
    size_t i = start;
    while (i < n) {
        char c = s[i];
        switch (c) {
        case '\n':
            *end = i;
            return skip_heredocs(s, n, i + 1, hd, nhd);
        case '\\':
            i += 2;
            continue;
        case '\'': {
            const char *q = memchr(s + i + 1, '\'', n - i - 1);
            i = q ? (size_t)(q - s) + 1 : n;
            continue;
        }
        case '"':
            i++;
            while (i < n && s[i] != '"') {
                if (s[i] == '\\') {
                    i += 2;
                } else if (s[i] == '$' && i + 1 < n && s[i + 1] == '(') {
                    i = skip_paren(s, n, i + 2) + 1;
                } else if (s[i] == '`') {
                    i = skip_backquote(s, n, i + 1) + 1;
                } else {
                    i++;
                }
            }
            i++;
            continue;
        case '`':
            i = skip_backquote(s, n, i + 1) + 1;
            continue;
        case '$':
            if (i + 1 < n && s[i + 1] == '(') {
                i = skip_paren(s, n, i + 2) + 1;
            } else if (i + 1 < n && s[i + 1] == '\'') {
                i += 2;
                while (i < n && s[i] != '\'')
                    i += s[i] == '\\' ? 2 : 1;
                i++;
            } else if (i + 1 < n && s[i + 1] == '{') {
                const char *q = memchr(s + i, '}', n - i);
                i = q ? (size_t)(q - s) + 1 : n;
            } else {
                i++;
            }
            continue;
        case '#':
            if (i == start || delim_char(s[i - 1])) {
                const char *nl = memchr(s + i, '\n', n - i);
                i = nl ? (size_t)(nl - s) : n;
                continue;
            }
            i++;
            continue;
        case '<':
            if (i + 2 < n && s[i + 1] == '<' && s[i + 2] == '<') {
                i += 3; /* a here-string */
                continue;
            }
            if (i + 2 < n && s[i + 1] == '<') {
                i += 2;
                bool strip = false;
                if (i < n && s[i] == '-') {
                    strip = true;
                    i++;
                }
                while (i < n && (s[i] == ' ' || s[i] == '\t'))
                    i++;
                heredoc h = {.strip = strip};
                i = read_delim(s, n, i, &h);
                if (h.delim[0] && nhd < SHELL_MAX_HEREDOCS)
                    hd[nhd++] = h;
                continue;
            }
            i++;
            continue;
        default:
            i++;
            continue;
        }
    }
    *end = n;
    return n;
}

/* ---- finding the words again ---- */

/* Next occurrence of needle in s[from, to), or -1. Charges the budget. */
static size_t find(size_t *budget, const char *s, size_t from, size_t to, const char *needle,
                   size_t nl)
{
    if (nl == 0 || to < nl || from > to - nl)
        return (size_t)-1;
    for (size_t p = from; p + nl <= to; p++) {
        if (*budget == 0)
            return (size_t)-1;
        const char *q = memchr(s + p, needle[0], to - nl + 1 - p);
        size_t scanned = (size_t)((q ? q : s + to - nl + 1) - (s + p)) + nl;
        *budget = *budget > scanned ? *budget - scanned : 0;
        if (!q)
            break;
        p = (size_t)(q - s);
        if (memcmp(s + p, needle, nl) == 0)
            return p;
    }
    return (size_t)-1;
}

/* A word can start at p: after a delimiter, or (relaxed) also after a
 * quote, for the commands of `sh -c "..."` bodies. */
static bool word_start(const char *s, size_t seg, size_t p, bool relaxed)
{
    if (p == seg)
        return true;
    char c = s[p - 1];
    if (delim_char(c) || c == '`' || c == '\r' || c == '{' || c == '\\')
        return true;
    return relaxed && (c == '"' || c == '\'');
}

/* Blanks and continuations between two words. */
static size_t skip_gap(const char *s, size_t p, size_t to)
{
    for (;;) {
        if (p < to && (s[p] == ' ' || s[p] == '\t' || s[p] == '\r'))
            p++;
        else if (p + 1 < to && s[p] == '\\' && s[p + 1] == '\n')
            p += 2;
        else
            return p;
    }
}

/* Places the words of c at offs[] if they follow each other (blanks and
 * continuations between them) from a start at or after from that no
 * earlier command took. */
static bool locate_adjacent(size_t *budget, const char *s, size_t seg, size_t to, size_t from,
                            bool relaxed, const sh_cmd *c, const mt_vec *claimed, size_t *offs)
{
    const char *r0 = c->words[0].raw;
    size_t l0 = strlen(r0);
    for (size_t p = find(budget, s, from, to, r0, l0); p != (size_t)-1;
         p = find(budget, s, p + 1, to, r0, l0)) {
        if (!word_start(s, seg, p, relaxed))
            continue;
        offs[0] = p;
        size_t q = p + l0, k = 1;
        for (; k < c->nwords; k++) {
            q = skip_gap(s, q, to);
            size_t len = strlen(c->words[k].raw);
            if (q + len > to || memcmp(s + q, c->words[k].raw, len) != 0)
                break;
            offs[k] = q;
            q += len;
        }
        *budget = *budget > k ? *budget - k : 0;
        if (k < c->nwords)
            continue;
        bool taken = false;
        for (size_t i = 0; i < claimed->len && !taken; i++)
            taken = (size_t)(uintptr_t)claimed->items[i] == p + 1;
        *budget = *budget > claimed->len ? *budget - claimed->len : 0;
        if (!taken)
            return true;
    }
    return false;
}

/* Offsets of the words of c in the logical line s[seg, to): adjacent words
 * from a free start after `from` (the last command placed), else from the
 * line's start, else after a quote too; failing that, each word somewhere
 * after the one before; a word not found at all takes the position of the
 * word before (`from` for the first). */
static void locate(size_t *budget, const char *s, size_t seg, size_t to, size_t from,
                   const sh_cmd *c, const mt_vec *claimed, size_t *offs)
{
    if (locate_adjacent(budget, s, seg, to, from, false, c, claimed, offs) ||
        (from > seg && locate_adjacent(budget, s, seg, to, seg, false, c, claimed, offs)) ||
        locate_adjacent(budget, s, seg, to, seg, true, c, claimed, offs))
        return;
    const char *r0 = c->words[0].raw;
    size_t l0 = strlen(r0);
    size_t p = find(budget, s, seg, to, r0, l0);
    while (p != (size_t)-1 && !word_start(s, seg, p, true))
        p = find(budget, s, p + 1, to, r0, l0);
    offs[0] = p != (size_t)-1 ? p : from;
    size_t q = offs[0] + (p != (size_t)-1 ? l0 : 0);
    for (size_t k = 1; k < c->nwords; k++) {
        const char *r = c->words[k].raw;
        size_t len = strlen(r);
        size_t at = find(budget, s, q, to, r, len);
        if (at == (size_t)-1) {
            offs[k] = offs[k - 1];
        } else {
            offs[k] = at;
            q = at + len;
        }
    }
}

/* ---- suppressions ---- */

#define PRAGMA_LINE_MAX 4096 /* longer lines above a command are not read as pragmas */

/* The start of the line holding off, or -1 when it lies more than
 * PRAGMA_LINE_MAX bytes back. */
static size_t line_start(const char *s, size_t off)
{
    for (size_t k = 0; off > 0 && s[off - 1] != '\n'; k++, off--) {
        if (k == PRAGMA_LINE_MAX)
            return (size_t)-1;
    }
    return off;
}

/* `# moat:ignore=ID[,ID] reason` (or `# trivy:ignore:ID`) in the comment lines right above the
 * command whose line starts at offset ls (on line first), for lines
 * first..last. */
static void suppressions(mt_scan_file *f, size_t ls, int first, int last)
{
    const char *s = f->data;
    for (int guard = 0; guard < 32 && ls > 0 && ls != (size_t)-1; guard++) {
        size_t prev = line_start(s, ls - 1);
        if (prev == (size_t)-1)
            break;
        size_t p = prev;
        while (p < ls && (s[p] == ' ' || s[p] == '\t'))
            p++;
        if (p >= ls - 1 || s[p] != '#')
            break; /* not a comment line */
        size_t e = ls - 1; /* the newline */
        if (e > p && s[e - 1] == '\r')
            e--;
        /* moat:ignore= and trivy:ignore: (core/pragma.c) */
        mt_pragma_comment(f, s + p + 1, e - p - 1, first, last);
        ls = prev;
    }
}

/* ---- the analyzer ---- */

typedef struct shell_ctx {
    mt_scan_file *f;
    mt_arena *a;
    size_t budget;  /* bytes the word search may still look at */
    size_t judged;  /* docker/podman commands judged */
    bool full;      /* SHELL_MAX_DOCKER_CMDS reached */
} shell_ctx;

static bool mentions_engine(const char *s, size_t len)
{
    size_t unlimited = (size_t)-1;
    return find(&unlimited, s, 0, len, "docker", 6) != (size_t)-1 ||
           find(&unlimited, s, 0, len, "podman", 6) != (size_t)-1;
}

/* Judges the docker/podman commands of the logical line s[seg, end),
 * which starts on line `line`. */
static void scan_line(shell_ctx *x, size_t seg, size_t end, int line)
{
    const char *s = x->f->data;
    sh_script sc;
    sh_split(x->a, s + seg, end - seg, &sc);
    seg_index ix = {0};
    bool indexed = false;
    mt_vec claimed = {0}; /* word-0 offsets (+1) of the commands placed */
    size_t from = seg;
    for (size_t k = 0; k < sc.ncmds; k++) {
        const sh_cmd *c = &sc.cmds[k];
        if (c->nwords == 0)
            continue;
        dr_word *words = mt_arena_alloc(x->a, c->nwords * sizeof(*words));
        for (size_t i = 0; i < c->nwords; i++)
            words[i] = (dr_word){.value = c->words[i].value, .dynamic = c->words[i].dynamic};
        if (!dr_match(words, c->nwords, NULL))
            continue;
        if (x->judged >= SHELL_MAX_DOCKER_CMDS) {
            mt_report_warn(x->f->report, "%s: more than %d docker/podman commands; the rest are not checked",
                           x->f->path, SHELL_MAX_DOCKER_CMDS);
            x->full = true;
            break;
        }
        x->judged++;
        if (!indexed) {
            index_segment(x->a, s, seg, end, line, &ix);
            indexed = true;
        }
        size_t *offs = mt_arena_alloc(x->a, c->nwords * sizeof(*offs));
        locate(&x->budget, s, seg, end, from, c, &claimed, offs);
        mt_vec_push(&claimed, (void *)(uintptr_t)(offs[0] + 1));
        from = offs[0] + 1 <= end ? offs[0] + 1 : end;
        size_t last_end = offs[0];
        for (size_t i = 0; i < c->nwords; i++) {
            words[i].loc = loc_at(&ix, offs[i]);
            size_t e = offs[i] + strlen(c->words[i].raw);
            if (e > end)
                e = end;
            if (e > last_end)
                last_end = e;
        }
        wl_loc first = words[0].loc;
        wl_loc last = loc_at(&ix, last_end > offs[0] ? last_end - 1 : last_end);
        wl_workload *w = dr_parse(x->a, words, c->nwords, first);
        if (!w)
            continue;
        if (!x->f->settings->disable_ignore_pragma)
            suppressions(x->f, first.col > 0 ? offs[0] - (size_t)(first.col - 1) : line_start(s, offs[0]),
                         first.line, last.line);
        wl_check(w, wl_emit_to_file, x->f);
        wl_workload_free(w);
    }
    mt_vec_free(&claimed);
}

static void shell_scan(mt_scan_file *f)
{
    mt_arena a;
    mt_arena_init(&a);
    const char *s = f->data;
    size_t n = f->len;
    shell_ctx x = {.f = f, .a = &a, .budget = 32 * n + (1u << 20)};
    size_t i = 0, counted = 0; /* newlines are counted up to `counted` */
    int line = 1;
    while (i < n && !x.full) {
        size_t end;
        size_t next = next_logical_line(s, n, i, &end);
        if (end > i && mentions_engine(s + i, end - i)) {
            for (const char *p = s + counted; (p = memchr(p, '\n', (size_t)(s + i - p))) != NULL; p++)
                line++;
            counted = i;
            scan_line(&x, i, end, line);
        }
        if (next <= i)
            break;
        i = next;
    }
    mt_arena_free(&a);
}

const mt_analyzer mt_shell_analyzer = {
    .type = "shell",
    .class = "config",
    .match_name = shell_match_name,
    .sniff = shell_sniff,
    .maybe_name = shell_maybe_name,
    .scan = shell_scan,
    /* its rules are the workload rules, listed by mt_workload_rules (wl.c) */
};
