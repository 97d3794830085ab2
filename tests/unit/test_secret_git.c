/* test_secret_git.c — unit tests of sec_git_walk() (secret/gitscan.h) on
 * real repositories made at test time by the git command in a temporary
 * directory (HOME pointing there, no system configuration, fixed dates).
 *
 * Each walk is recorded (commit, author, email, time, path, content and
 * the content's blob ID, computed here with SHA-1 over "blob LEN\0DATA")
 * and checked two ways: against what the test wrote (this file, that
 * commit), and against an oracle built from the git command alone:
 * `git rev-list --reverse --date-order` for the commits, `git diff-tree
 * -r --no-renames` against the first parent (--root for a root commit)
 * for the added and changed regular files, each blob kept at its first
 * sighting, and `git show -s --format=...` for each commit's author as
 * `git log` prints it. The libgit2 loader's errors are checked in child
 * processes (the library is loaded once per process).
 *
 * The tests run in order: the repository "lin" made by the first one is
 * walked again by later ones (stop, shallow clones, missing objects). */
#include <errno.h>
#include <inttypes.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>
#include <openssl/evp.h>

#include "core/util.h"
#include "secret/gitscan.h"

#define T0 INT64_C(1600000000) /* 2020-09-13T12:26:40Z */
#define MAX_RECS 256

static char tmpdir[256];
static char self_exe[4096];

/* ---- running commands ---- */

static char *vfmt(const char *fmt, va_list ap)
{
    va_list ap2;
    va_copy(ap2, ap);
    int n = vsnprintf(NULL, 0, fmt, ap2);
    va_end(ap2);
    assert_true(n >= 0);
    char *s = mt_xmalloc((size_t)n + 1);
    vsnprintf(s, (size_t)n + 1, fmt, ap);
    return s;
}

/* Runs a shell command line; the test fails unless it exits 0. */
static void sh(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void sh(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = vfmt(fmt, ap);
    va_end(ap);
    int st = system(cmd);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "command failed (%d): %s\n", st, cmd);
        free(cmd);
        fail();
    }
    free(cmd);
}

/* Runs a shell command line and returns its standard output (malloc()ed),
 * without a final newline; the test fails unless it exits 0. */
static char *sh_out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static char *sh_out(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *cmd = vfmt(fmt, ap);
    va_end(ap);
    FILE *f = popen(cmd, "r");
    assert_non_null(f);
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_reserve(&b, 256);
    b.data[0] = '\0';
    char chunk[4096];
    size_t n;
    while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
        mt_buf_put(&b, chunk, n);
    int st = pclose(f);
    if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "command failed (%d): %s\n", st, cmd);
        free(cmd);
        fail();
    }
    free(cmd);
    while (b.len && b.data[b.len - 1] == '\n')
        b.data[--b.len] = '\0';
    return mt_buf_steal(&b);
}

/* tmpdir/name, in a static buffer per call site rotation. */
static const char *tpath(const char *name)
{
    static char bufs[8][1024];
    static int k;
    char *p = bufs[k++ & 7];
    snprintf(p, sizeof(bufs[0]), "%s/%s", tmpdir, name);
    return p;
}

static void new_repo(const char *name)
{
    sh("git init -q -b main '%s'", tpath(name));
}

/* Writes repo/rel (directories made as needed). */
static void put_file(const char *repo, const char *rel, const char *content)
{
    char path[2048];
    snprintf(path, sizeof(path), "%s/%s", tpath(repo), rel);
    for (char *p = path + strlen(tmpdir) + 1; *p; p++) {
        if (*p == '/') {
            *p = '\0';
            if (mkdir(path, 0755) != 0)
                assert_int_equal(errno, EEXIST);
            *p = '/';
        }
    }
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(content, 1, strlen(content), f), strlen(content));
    assert_int_equal(fclose(f), 0);
}

/* Commits what is staged, after `git add -A` when add is true, with the
 * author and both dates given; returns the commit's full ID (static
 * buffer, rotating). */
static const char *commit_full(const char *repo, bool add, int64_t when, const char *name,
                               const char *email, const char *msg)
{
    static char ids[8][48];
    static int k;
    sh("cd '%s' && %s GIT_AUTHOR_NAME='%s' GIT_AUTHOR_EMAIL='%s' "
       "GIT_AUTHOR_DATE='@%" PRId64 " +0000' GIT_COMMITTER_NAME='Committer' "
       "GIT_COMMITTER_EMAIL='committer@example.org' GIT_COMMITTER_DATE='@%" PRId64 " +0000' "
       "git commit -q --allow-empty -m '%s'",
       tpath(repo), add ? "git add -A &&" : "", name, email, when, when, msg);
    char *id = sh_out("git -C '%s' rev-parse HEAD", tpath(repo));
    char *out = ids[k++ & 7];
    assert_int_equal(strlen(id), 40);
    memcpy(out, id, 41);
    free(id);
    return out;
}

static const char *commit_as(const char *repo, int64_t when, const char *name, const char *email,
                             const char *msg)
{
    return commit_full(repo, true, when, name, email, msg);
}

static const char *commit_at(const char *repo, int64_t when, const char *msg)
{
    return commit_as(repo, when, "Alice Example", "alice@example.org", msg);
}

/* ---- recording a walk ---- */

typedef struct {
    char commit[41];
    char blob[41]; /* SHA-1 of the content as a git blob */
    char *author, *email, *path, *data;
    size_t len;
    int64_t time;
} rec;

typedef struct {
    mt_arena arena;
    rec r[MAX_RECS];
    size_t n;
    size_t stop_after; /* 0 = never stop */
    sec_git_stats st;
    char err[1024];
} recorder;

static void blob_id(const char *data, size_t len, char out[41])
{
    char hdr[64];
    int hl = snprintf(hdr, sizeof(hdr), "blob %zu", len);
    unsigned char md[EVP_MAX_MD_SIZE];
    unsigned int mdlen = 0;
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    assert_non_null(ctx);
    assert_int_equal(EVP_DigestInit_ex(ctx, EVP_sha1(), NULL), 1);
    assert_int_equal(EVP_DigestUpdate(ctx, hdr, (size_t)hl + 1), 1); /* with its NUL */
    assert_int_equal(EVP_DigestUpdate(ctx, data, len), 1);
    assert_int_equal(EVP_DigestFinal_ex(ctx, md, &mdlen), 1);
    EVP_MD_CTX_free(ctx);
    assert_int_equal(mdlen, 20);
    for (unsigned i = 0; i < 20; i++)
        snprintf(out + 2 * i, 3, "%02x", md[i]);
}

static int record_cb(void *ud, const sec_git_blob *b)
{
    recorder *R = ud;
    assert_true(R->n < MAX_RECS);
    rec *r = &R->r[R->n++];
    assert_non_null(b->commit);
    assert_int_equal(strlen(b->commit), 40);
    memcpy(r->commit, b->commit, 41);
    r->author = mt_arena_strdup(&R->arena, b->author);
    r->email = mt_arena_strdup(&R->arena, b->email);
    r->path = mt_arena_strdup(&R->arena, b->path);
    r->data = mt_arena_strndup(&R->arena, b->data, b->len);
    r->len = b->len;
    r->time = b->time;
    blob_id(b->data, b->len, r->blob);
    return R->stop_after && R->n >= R->stop_after;
}

static recorder *rec_new(void)
{
    recorder *R = mt_xcalloc(1, sizeof(*R));
    mt_arena_init(&R->arena);
    return R;
}

static void rec_free(recorder *R)
{
    mt_arena_free(&R->arena);
    free(R);
}

/* Walks repo (tmpdir/name, or an absolute path) and expects success. */
static recorder *walk_ok(const char *repo, const char *branch, int64_t since, size_t max_blob)
{
    recorder *R = rec_new();
    sec_git_opts o = {.branch = branch, .since = since, .max_blob = max_blob};
    int rc = sec_git_walk(repo[0] == '/' ? repo : tpath(repo), &o, record_cb, R, &R->st, R->err,
                          sizeof(R->err));
    if (rc != 0)
        fprintf(stderr, "sec_git_walk(%s): %s\n", repo, R->err);
    assert_int_equal(rc, 0);
    assert_string_equal(R->err, "");
    assert_int_equal(R->st.blobs, R->n);
    return R;
}

/* The record of path (the only one), or NULL. */
static const rec *find_path(const recorder *R, const char *path)
{
    const rec *found = NULL;
    for (size_t i = 0; i < R->n; i++) {
        if (strcmp(R->r[i].path, path) == 0) {
            assert_null(found);
            found = &R->r[i];
        }
    }
    return found;
}

/* Expects path reported once, with that content, in that commit. */
static void expect(const recorder *R, const char *path, const char *content, const char *commit)
{
    const rec *r = find_path(R, path);
    if (!r)
        fprintf(stderr, "%s not reported\n", path);
    assert_non_null(r);
    assert_int_equal(r->len, strlen(content));
    assert_memory_equal(r->data, content, r->len);
    assert_string_equal(r->commit, commit);
}

static bool has_content(const recorder *R, const char *content)
{
    for (size_t i = 0; i < R->n; i++)
        if (R->r[i].len == strlen(content) && memcmp(R->r[i].data, content, R->r[i].len) == 0)
            return true;
    return false;
}

/* ---- the oracle: the same walk through the git command ---- */

/* Checks R against the git command's view of repo: the commits of revs
 * (rev-list arguments) oldest first, each compared with its first parent,
 * regular files added or changed, each blob once; blobs larger than
 * max_blob (when not 0) counted, not reported. Checks the author fields
 * of every record against `git show -s`. */
static void check_oracle(const char *repo, const char *revs, int64_t since, size_t max_blob,
                         const recorder *R)
{
    const char *dir = repo[0] == '/' ? repo : tpath(repo);
    char *list = sh_out("git -C '%s' rev-list --reverse --date-order %s", dir, revs);
    mt_strmap seen = {0};
    size_t k = 0, commits = 0, skipped = 0;
    char *save = NULL;
    for (char *c = strtok_r(list, "\n", &save); c; c = strtok_r(NULL, "\n", &save)) {
        char *at = sh_out("git -C '%s' show -s --format=%%at %s", dir, c);
        int64_t t = strtoll(at, NULL, 10);
        free(at);
        if (since && t < since)
            continue;
        commits++;
        char *parents = sh_out("git -C '%s' show -s --format=%%P %s", dir, c);
        char first[41] = "";
        if (parents[0]) {
            memcpy(first, parents, 40);
            first[40] = '\0';
        }
        free(parents);
        char *diff = sh_out("git -C '%s' diff-tree -r --no-renames --no-commit-id %s %s %s", dir,
                            first[0] ? "" : "--root", first, c);
        char *save2 = NULL;
        for (char *line = strtok_r(diff, "\n", &save2); line; line = strtok_r(NULL, "\n", &save2)) {
            /* :OLDMODE NEWMODE OLDSHA NEWSHA STATUS\tPATH */
            char omode[8], nmode[8], osha[41], nsha[41], status[8];
            char *tab = strchr(line, '\t');
            assert_non_null(tab);
            assert_int_equal(
                sscanf(line, ":%7s %7s %40s %40s %7s", omode, nmode, osha, nsha, status), 5);
            const char *path = tab + 1;
            bool nfile = strcmp(nmode, "100644") == 0 || strcmp(nmode, "100755") == 0;
            bool ofile = strcmp(omode, "100644") == 0 || strcmp(omode, "100755") == 0;
            if (status[0] == 'D' || !nfile)
                continue;
            if (ofile && strcmp(osha, nsha) == 0)
                continue; /* a mode change only */
            bool found = false;
            mt_strmap_get(&seen, nsha, &found);
            if (found)
                continue;
            mt_strmap_put(&seen, nsha, NULL);
            if (max_blob) {
                char *size = sh_out("git -C '%s' cat-file -s %s", dir, nsha);
                size_t sz = (size_t)strtoull(size, NULL, 10);
                free(size);
                if (sz > max_blob) {
                    skipped++;
                    continue;
                }
            }
            if (k >= R->n)
                fprintf(stderr, "oracle: %s %s %s not reported\n", c, path, nsha);
            assert_true(k < R->n);
            const rec *r = &R->r[k++];
            if (strcmp(r->commit, c) != 0 || strcmp(r->path, path) != 0 ||
                strcmp(r->blob, nsha) != 0)
                fprintf(stderr, "oracle: want %s %s %s, got %s %s %s\n", c, path, nsha, r->commit,
                        r->path, r->blob);
            assert_string_equal(r->commit, c);
            assert_string_equal(r->path, path);
            assert_string_equal(r->blob, nsha);
        }
        free(diff);
    }
    free(list);
    mt_strmap_free(&seen);
    assert_int_equal(k, R->n);
    assert_int_equal(R->st.commits, commits);
    assert_int_equal(R->st.skipped_large, skipped);

    /* The author fields exactly as git log prints them. */
    for (size_t i = 0; i < R->n; i++) {
        const rec *r = &R->r[i];
        char *id = sh_out("git -C '%s' log -1 --format=%%an%%x1f%%ae%%x1f%%at %s", dir, r->commit);
        mt_buf want;
        mt_buf_init(&want);
        mt_buf_printf(&want, "%s\x1f%s\x1f%" PRId64, r->author, r->email, r->time);
        assert_string_equal(id, want.data);
        mt_buf_free(&want);
        free(id);
    }
}

/* ---- tests ---- */

/* Adds, changes and deletions on one branch: every added or changed file
 * is reported in the commit that brought its content, deleted ones too. */
static void test_linear(void **state)
{
    (void)state;
    new_repo("lin");
    put_file("lin", "a.txt", "alpha secret\n");
    put_file("lin", "b.txt", "beta\n");
    const char *c1 = commit_as("lin", T0, "Zoë Ångström", "zoe@example.org", "one");
    put_file("lin", "a.txt", "alpha v2\n");
    put_file("lin", "dir/sub/c.txt", "gamma\n");
    const char *c2 = commit_as("lin", T0 + 100, "Bob (Builder) Junior", "bob@example.net", "two");
    sh("rm '%s/b.txt'", tpath("lin"));
    put_file("lin", "gone.txt", "temporary token\n");
    const char *c3 = commit_at("lin", T0 + 200, "three");
    sh("rm '%s/gone.txt'", tpath("lin"));
    put_file("lin", "dir/sub/c.txt", "gamma v2\n");
    const char *c4 = commit_at("lin", T0 + 300, "four");

    recorder *R = walk_ok("lin", NULL, 0, 0);
    assert_int_equal(R->n, 6);
    assert_int_equal(R->st.commits, 4);
    assert_int_equal(R->st.skipped_large, 0);
    /* Oldest first. */
    assert_string_equal(R->r[0].path, "a.txt");
    assert_string_equal(R->r[0].commit, c1);
    assert_string_equal(R->r[0].author, "Zoë Ångström");
    assert_string_equal(R->r[0].email, "zoe@example.org");
    assert_int_equal(R->r[0].time, T0);
    assert_string_equal(R->r[1].path, "b.txt");
    assert_string_equal(R->r[1].data, "beta\n");
    assert_string_equal(R->r[2].path, "a.txt");
    assert_string_equal(R->r[2].data, "alpha v2\n");
    assert_string_equal(R->r[2].commit, c2);
    assert_string_equal(R->r[2].author, "Bob (Builder) Junior");
    assert_string_equal(R->r[3].path, "dir/sub/c.txt");
    assert_string_equal(R->r[3].data, "gamma\n");
    assert_string_equal(R->r[3].commit, c2);
    expect(R, "gone.txt", "temporary token\n", c3); /* deleted later, still reported */
    assert_string_equal(R->r[5].path, "dir/sub/c.txt");
    assert_string_equal(R->r[5].data, "gamma v2\n");
    assert_string_equal(R->r[5].commit, c4);
    assert_string_equal(R->r[5].author, "Alice Example");
    assert_int_equal(R->r[5].time, T0 + 300);
    check_oracle("lin", "--all", 0, 0, R);
    rec_free(R);

    /* The same through REPO/.git and through a bare clone. */
    R = walk_ok("lin/.git", NULL, 0, 0);
    assert_int_equal(R->n, 6);
    check_oracle("lin", "--all", 0, 0, R);
    rec_free(R);
    sh("git clone -q --bare '%s' '%s'", tpath("lin"), tpath("lin.git"));
    R = walk_ok("lin.git", NULL, 0, 0);
    assert_int_equal(R->n, 6);
    expect(R, "gone.txt", "temporary token\n", c3);
    check_oracle("lin.git", "--all", 0, 0, R);
    rec_free(R);
}

/* A blob in several commits and paths is reported once, where it first
 * appeared; a file moved or copied brings nothing new. */
static void test_same_blob_once(void **state)
{
    (void)state;
    new_repo("dup");
    put_file("dup", "x.txt", "shared token\n");
    const char *c1 = commit_at("dup", T0, "one");
    put_file("dup", "copy/y.txt", "shared token\n");
    put_file("dup", "other.txt", "other\n");
    const char *c2 = commit_at("dup", T0 + 10, "two");
    sh("cd '%s' && git mv x.txt moved.txt", tpath("dup"));
    put_file("dup", "x.txt", "shared token\n"); /* back at the old path too */
    commit_at("dup", T0 + 20, "three");

    recorder *R = walk_ok("dup", NULL, 0, 0);
    assert_int_equal(R->n, 2);
    assert_int_equal(R->st.commits, 3);
    expect(R, "x.txt", "shared token\n", c1);
    expect(R, "other.txt", "other\n", c2);
    assert_null(find_path(R, "copy/y.txt"));
    assert_null(find_path(R, "moved.txt"));
    check_oracle("dup", "--all", 0, 0, R);
    rec_free(R);
}

/* Branches, merges and tags: every ref is walked; with a branch, only
 * what it reaches. */
static void test_refs(void **state)
{
    (void)state;
    const char *d = "refs";
    new_repo(d);
    put_file(d, "base.txt", "base\n");
    char c1[41];
    strcpy(c1, commit_at(d, T0, "base"));

    /* A branch never merged. */
    sh("git -C '%s' checkout -q -b feature", tpath(d));
    put_file(d, "feature.txt", "feature secret\n");
    char cf[41];
    strcpy(cf, commit_at(d, T0 + 10, "feature"));

    /* A branch merged into main with a merge commit that adds a file of
     * its own (an "evil merge"). */
    sh("git -C '%s' checkout -q -b topic main", tpath(d));
    put_file(d, "topic.txt", "topic secret\n");
    char ct[41];
    strcpy(ct, commit_at(d, T0 + 20, "topic"));
    sh("git -C '%s' checkout -q main", tpath(d));
    put_file(d, "main.txt", "main\n");
    char cm[41];
    strcpy(cm, commit_at(d, T0 + 30, "main"));
    sh("cd '%s' && GIT_AUTHOR_NAME=M GIT_AUTHOR_EMAIL=m@example.org GIT_COMMITTER_NAME=M "
       "GIT_COMMITTER_EMAIL=m@example.org GIT_AUTHOR_DATE='@%" PRId64 " +0000' "
       "GIT_COMMITTER_DATE='@%" PRId64 " +0000' git merge -q --no-ff --no-commit topic >/dev/null",
       tpath(d), T0 + 40, T0 + 40);
    put_file(d, "evil.txt", "merge-only secret\n");
    char cmerge[41];
    strcpy(cmerge, commit_as(d, T0 + 40, "Mallory", "m@example.org", "merge topic"));
    assert_string_not_equal(cmerge, cm);

    /* A commit only a tag reaches (annotated), and a tag of a blob. */
    sh("git -C '%s' checkout -q --detach main", tpath(d));
    put_file(d, "tagged.txt", "tag-only secret\n");
    char ctag[41];
    strcpy(ctag, commit_at(d, T0 + 50, "tagged"));
    sh("cd '%s' && GIT_COMMITTER_NAME=T GIT_COMMITTER_EMAIL=t@example.org "
       "GIT_COMMITTER_DATE='@%" PRId64 " +0000' git tag -a v1 -m v1 && "
       "git tag blobtag $(printf 'a blob' | git hash-object -w --stdin) && git checkout -q main",
       tpath(d), T0 + 50);

    /* Every ref. */
    recorder *R = walk_ok(d, NULL, 0, 0);
    assert_int_equal(R->n, 6);
    assert_int_equal(R->st.commits, 6);
    expect(R, "base.txt", "base\n", c1);
    expect(R, "feature.txt", "feature secret\n", cf);
    expect(R, "topic.txt", "topic secret\n", ct); /* in its own commit, not the merge */
    expect(R, "main.txt", "main\n", cm);
    expect(R, "evil.txt", "merge-only secret\n", cmerge);
    expect(R, "tagged.txt", "tag-only secret\n", ctag);
    assert_string_equal(find_path(R, "evil.txt")->author, "Mallory");
    check_oracle(d, "--all", 0, 0, R);
    assert_false(has_content(R, "a blob")); /* no commit has it */
    rec_free(R);

    /* main only: the merged branch, not the other one nor the tag. */
    R = walk_ok(d, "main", 0, 0);
    assert_int_equal(R->n, 4);
    assert_int_equal(R->st.commits, 4);
    assert_null(find_path(R, "feature.txt"));
    assert_null(find_path(R, "tagged.txt"));
    expect(R, "topic.txt", "topic secret\n", ct);
    expect(R, "evil.txt", "merge-only secret\n", cmerge);
    check_oracle(d, "main", 0, 0, R);
    rec_free(R);

    /* The tag, the feature branch, a commit ID. */
    R = walk_ok(d, "v1", 0, 0);
    assert_int_equal(R->n, 5);
    expect(R, "tagged.txt", "tag-only secret\n", ctag);
    assert_null(find_path(R, "feature.txt"));
    check_oracle(d, "v1", 0, 0, R);
    rec_free(R);
    R = walk_ok(d, "feature", 0, 0);
    assert_int_equal(R->n, 2);
    expect(R, "feature.txt", "feature secret\n", cf);
    rec_free(R);
    R = walk_ok(d, ct, 0, 0);
    assert_int_equal(R->n, 2);
    expect(R, "topic.txt", "topic secret\n", ct);
    rec_free(R);

    /* An unknown revision, and a tag that is no commit. */
    R = rec_new();
    sec_git_opts o = {.branch = "no-such-branch"};
    assert_int_equal(sec_git_walk(tpath(d), &o, record_cb, R, &R->st, R->err, sizeof(R->err)), -1);
    assert_non_null(strstr(R->err, tpath(d)));
    assert_non_null(strstr(R->err, "no-such-branch"));
    o.branch = "blobtag";
    assert_int_equal(sec_git_walk(tpath(d), &o, record_cb, R, &R->st, R->err, sizeof(R->err)), -1);
    assert_non_null(strstr(R->err, "blobtag"));
    assert_int_equal(R->n, 0);
    rec_free(R);
}

/* The same content brought independently by two branches is reported in
 * the older commit; walking the branch of the newer one reports it there. */
static void test_oldest_wins(void **state)
{
    (void)state;
    const char *d = "oldest";
    new_repo(d);
    put_file(d, "base.txt", "base\n");
    commit_at(d, T0, "base");
    sh("git -C '%s' checkout -q -b early", tpath(d));
    put_file(d, "s.txt", "same token\n");
    char early[41];
    strcpy(early, commit_at(d, T0 + 100, "early"));
    sh("git -C '%s' checkout -q main", tpath(d));
    put_file(d, "s2.txt", "same token\n");
    char late[41];
    strcpy(late, commit_at(d, T0 + 200, "late"));

    recorder *R = walk_ok(d, NULL, 0, 0);
    assert_int_equal(R->n, 2);
    expect(R, "s.txt", "same token\n", early);
    assert_null(find_path(R, "s2.txt"));
    rec_free(R);
    R = walk_ok(d, "main", 0, 0);
    assert_int_equal(R->n, 2);
    expect(R, "s2.txt", "same token\n", late);
    rec_free(R);
}

/* --since: commits authored before it are passed over (the author date,
 * not the committer date); files unchanged since are not reported. */
static void test_since(void **state)
{
    (void)state;
    const char *d = "since";
    new_repo(d);
    put_file(d, "old.txt", "old secret\n");
    put_file(d, "kept.txt", "kept\n");
    commit_at(d, T0, "old");
    put_file(d, "mid.txt", "mid\n");
    /* Authored at T0+100, committed much later. */
    sh("cd '%s' && git add -A && GIT_AUTHOR_NAME=A GIT_AUTHOR_EMAIL=a@example.org "
       "GIT_AUTHOR_DATE='@%" PRId64
       " +0200' GIT_COMMITTER_NAME=C GIT_COMMITTER_EMAIL=c@example.org "
       "GIT_COMMITTER_DATE='@%" PRId64 " +0000' git commit -q -m mid",
       tpath(d), T0 + 100, T0 + 5000);
    char *cmid = sh_out("git -C '%s' rev-parse HEAD", tpath(d));
    put_file(d, "old.txt", "old secret, changed\n");
    put_file(d, "new.txt", "new\n");
    const char *cnew = commit_at(d, T0 + 6000, "new");

    recorder *R = walk_ok(d, NULL, T0 + 100, 0);
    assert_int_equal(R->st.commits, 2);
    assert_int_equal(R->n, 3);
    expect(R, "mid.txt", "mid\n", cmid);
    assert_int_equal(find_path(R, "mid.txt")->time, T0 + 100);
    expect(R, "old.txt", "old secret, changed\n", cnew);
    expect(R, "new.txt", "new\n", cnew);
    assert_null(find_path(R, "kept.txt"));
    check_oracle(d, "--all", T0 + 100, 0, R);
    rec_free(R);

    R = walk_ok(d, NULL, T0 + 101, 0);
    assert_int_equal(R->st.commits, 1);
    assert_int_equal(R->n, 2);
    assert_null(find_path(R, "mid.txt"));
    check_oracle(d, "--all", T0 + 101, 0, R);
    rec_free(R);

    R = walk_ok(d, NULL, T0 + 100000, 0);
    assert_int_equal(R->st.commits, 0);
    assert_int_equal(R->n, 0);
    rec_free(R);
    free(cmid);
}

/* Blobs over max_blob are counted once and not read; the default bound
 * (64 MiB) lets them through. */
static void test_max_blob(void **state)
{
    (void)state;
    const char *d = "big";
    new_repo(d);
    char big[5001];
    for (size_t i = 0; i < 5000; i++)
        big[i] = (char)('a' + i % 26);
    big[5000] = '\0';
    put_file(d, "big.bin", big);
    put_file(d, "small.txt", "small\n");
    commit_at(d, T0, "one");
    put_file(d, "again/big.bin", big); /* the same large blob */
    big[0] = 'Z';
    put_file(d, "big.bin", big); /* another one */
    put_file(d, "edge.txt", ""); /* an empty blob */
    commit_at(d, T0 + 1, "two");
    sh("git -C '%s' gc -q", tpath(d)); /* packed: sizes come from pack headers */

    recorder *R = walk_ok(d, NULL, 0, 1000);
    assert_int_equal(R->st.skipped_large, 2);
    assert_int_equal(R->n, 2);
    assert_non_null(find_path(R, "small.txt"));
    assert_int_equal(find_path(R, "edge.txt")->len, 0);
    assert_null(find_path(R, "big.bin"));
    check_oracle(d, "--all", 0, 1000, R);
    rec_free(R);

    R = walk_ok(d, NULL, 0, 5000); /* at the bound: kept */
    assert_int_equal(R->st.skipped_large, 0);
    assert_int_equal(R->n, 4);
    rec_free(R);

    R = walk_ok(d, NULL, 0, 0);
    assert_int_equal(R->st.skipped_large, 0);
    assert_int_equal(R->n, 4);
    /* big.bin twice: from commit one, then changed in commit two;
     * again/big.bin is the first one's blob. */
    assert_string_equal(R->r[0].path, "big.bin");
    assert_int_equal(R->r[0].len, 5000);
    assert_int_equal(R->r[0].data[0], 'a');
    assert_string_equal(R->r[2].path, "big.bin");
    assert_int_equal(R->r[2].len, 5000);
    assert_int_equal(R->r[2].data[0], 'Z');
    check_oracle(d, "--all", 0, 0, R);
    rec_free(R);
}

/* Symbolic links and gitlinks (submodules) are not scanned; executable
 * files are; a link turned into a file is a new file. */
static void test_links(void **state)
{
    (void)state;
    const char *d = "links";
    new_repo(d);
    put_file(d, "real.txt", "real\n");
    put_file(d, "tool.sh", "#!/bin/sh\necho tool\n");
    sh("cd '%s' && chmod +x tool.sh && ln -s symlink-target-secret link", tpath(d));
    /* A gitlink to some commit, as a submodule leaves in the tree. */
    sh("cd '%s' && git add -A && git update-index --add --cacheinfo "
       "160000,1111111111111111111111111111111111111111,sub",
       tpath(d));
    commit_full(d, false, T0, "Alice Example", "alice@example.org", "one");
    char *tree = sh_out("git -C '%s' ls-tree HEAD", tpath(d));
    assert_non_null(strstr(tree, "160000 commit 1111111111111111111111111111111111111111\tsub"));
    assert_non_null(strstr(tree, "120000 blob"));
    assert_non_null(strstr(tree, "100755 blob"));
    free(tree);

    recorder *R = walk_ok(d, NULL, 0, 0);
    assert_int_equal(R->n, 2);
    assert_non_null(find_path(R, "real.txt"));
    assert_non_null(find_path(R, "tool.sh"));
    assert_null(find_path(R, "link"));
    assert_null(find_path(R, "sub"));
    assert_false(has_content(R, "symlink-target-secret"));
    check_oracle(d, "--all", 0, 0, R);
    rec_free(R);

    /* The link becomes a file holding the same bytes as its target. */
    sh("cd '%s' && rm link && printf symlink-target-secret > link", tpath(d));
    const char *c2 = commit_at(d, T0 + 1, "two");
    R = walk_ok(d, NULL, 0, 0);
    assert_int_equal(R->n, 3);
    expect(R, "link", "symlink-target-secret", c2);
    check_oracle(d, "--all", 0, 0, R);
    rec_free(R);
}

/* A non-zero return from the callback stops the walk, which succeeds. */
static void test_stop(void **state)
{
    (void)state;
    recorder *R = rec_new();
    R->stop_after = 2;
    sec_git_opts o = {0};
    assert_int_equal(sec_git_walk(tpath("lin"), &o, record_cb, R, &R->st, R->err, sizeof(R->err)),
                     0);
    assert_int_equal(R->n, 2);
    assert_int_equal(R->st.blobs, 2);
    assert_int_equal(R->st.commits, 1);
    rec_free(R);

    R = rec_new();
    R->stop_after = 3; /* the first blob of the second commit */
    assert_int_equal(sec_git_walk(tpath("lin"), NULL, record_cb, R, NULL, R->err, sizeof(R->err)),
                     0);
    assert_int_equal(R->n, 3);
    assert_string_equal(R->r[2].data, "alpha v2\n");
    rec_free(R);
}

/* Other repository shapes: an empty one, a stash, a linked worktree. */
static void test_shapes(void **state)
{
    (void)state;
    new_repo("empty");
    recorder *R = walk_ok("empty", NULL, 0, 0);
    assert_int_equal(R->n, 0);
    assert_int_equal(R->st.commits, 0);
    rec_free(R);

    /* A stash holds changes no branch has: walked like `git log --all`. */
    const char *d = "stash";
    new_repo(d);
    put_file(d, "f.txt", "committed\n");
    commit_at(d, T0, "one");
    put_file(d, "f.txt", "stashed secret\n");
    sh("cd '%s' && GIT_AUTHOR_NAME=S GIT_AUTHOR_EMAIL=s@example.org GIT_COMMITTER_NAME=S "
       "GIT_COMMITTER_EMAIL=s@example.org GIT_AUTHOR_DATE='@%" PRId64 " +0000' "
       "GIT_COMMITTER_DATE='@%" PRId64 " +0000' git stash -q",
       tpath(d), T0 + 5, T0 + 5);
    R = walk_ok(d, NULL, 0, 0);
    assert_true(has_content(R, "stashed secret\n"));
    check_oracle(d, "--all", 0, 0, R);
    rec_free(R);
    R = walk_ok(d, "main", 0, 0);
    assert_false(has_content(R, "stashed secret\n"));
    rec_free(R);

    /* A linked worktree (its .git is a file naming the repository). */
    sh("git -C '%s' worktree add -q '%s' -b wt", tpath("lin"), tpath("lin-wt"));
    R = walk_ok("lin-wt", NULL, 0, 0);
    assert_int_equal(R->n, 6);
    check_oracle("lin", "--all", 0, 0, R);
    rec_free(R);
}

/* A shallow clone: its history ends at the commits whose parents were not
 * fetched, which are compared with an empty tree (libgit2 1.5's own
 * revision walk fails there). */
static void test_shallow(void **state)
{
    (void)state;
    char *head = sh_out("git -C '%s' rev-parse main", tpath("lin"));
    char *prev = sh_out("git -C '%s' rev-parse main~1", tpath("lin"));
    sh("git clone -q --depth 1 --branch main 'file://%s' '%s'", tpath("lin"), tpath("shallow1"));
    sh("git clone -q --depth 2 --branch main 'file://%s' '%s'", tpath("lin"), tpath("shallow2"));
    char *is = sh_out("git -C '%s' rev-parse --is-shallow-repository", tpath("shallow1"));
    assert_string_equal(is, "true");
    free(is);

    /* Depth 1: the last commit holds everything, as it stands then. */
    recorder *R = walk_ok("shallow1", NULL, 0, 0);
    assert_int_equal(R->st.commits, 1);
    assert_int_equal(R->n, 2);
    expect(R, "a.txt", "alpha v2\n", head);
    expect(R, "dir/sub/c.txt", "gamma v2\n", head);
    check_oracle("shallow1", "--all", 0, 0, R);
    rec_free(R);

    /* Depth 2: the commit before it is the whole tree then, the last one
     * its changes. */
    R = walk_ok("shallow2", NULL, 0, 0);
    assert_int_equal(R->st.commits, 2);
    assert_int_equal(R->n, 4);
    expect(R, "a.txt", "alpha v2\n", prev);
    expect(R, "gone.txt", "temporary token\n", prev);
    assert_string_equal(R->r[3].path, "dir/sub/c.txt");
    assert_string_equal(R->r[3].data, "gamma v2\n");
    assert_string_equal(R->r[3].commit, head);
    check_oracle("shallow2", "--all", 0, 0, R);
    rec_free(R);
    free(head);
    free(prev);
}

/* Objects missing from a repository that is not shallow are errors naming
 * the repository and the object: a parent commit, a blob. */
static void test_missing_objects(void **state)
{
    (void)state;
    /* "lin" keeps its objects loose (never packed). */
    char *c2 = sh_out("git -C '%s' rev-parse main~2", tpath("lin"));
    char *c3 = sh_out("git -C '%s' rev-parse main~1", tpath("lin"));
    char *blob = sh_out("git -C '%s' rev-parse main~1:gone.txt", tpath("lin"));
    sh("cp -r '%s' '%s' && rm '%s/.git/objects/%.2s/%s'", tpath("lin"), tpath("nocommit"),
       tpath("nocommit"), c2, c2 + 2);
    sh("cp -r '%s' '%s' && rm '%s/.git/objects/%.2s/%s'", tpath("lin"), tpath("noblob"),
       tpath("noblob"), blob, blob + 2);

    recorder *R = rec_new();
    assert_int_equal(
        sec_git_walk(tpath("nocommit"), NULL, record_cb, R, &R->st, R->err, sizeof(R->err)), -1);
    assert_non_null(strstr(R->err, tpath("nocommit")));
    assert_non_null(strstr(R->err, c2));
    assert_non_null(strstr(R->err, c3));
    assert_non_null(strstr(R->err, "missing"));
    assert_int_equal(R->n, 0); /* found before any blob is read */
    rec_free(R);

    R = rec_new();
    assert_int_equal(
        sec_git_walk(tpath("noblob"), NULL, record_cb, R, &R->st, R->err, sizeof(R->err)), -1);
    assert_non_null(strstr(R->err, tpath("noblob")));
    assert_non_null(strstr(R->err, blob));
    assert_non_null(strstr(R->err, "gone.txt"));
    assert_non_null(strstr(R->err, c3));
    assert_int_equal(R->n, 4); /* the blobs of the commits before */
    rec_free(R);
    free(c2);
    free(c3);
    free(blob);
}

/* Directories nested deeper than the walk follows are an error, not a
 * silent gap; a little less deep is fine. */
static void test_deep_tree(void **state)
{
    (void)state;
    const char *d = "deep";
    new_repo(d);
    /* 600 nested trees made with plumbing (one process per level would be
     * slow): git fast-import builds the commits from a stream. */
    char *stream_path = mt_xstrdup(tpath("deep.stream"));
    FILE *f = fopen(stream_path, "w");
    assert_non_null(f);
    for (int depth = 500; depth <= 600; depth += 100) {
        mt_buf p;
        mt_buf_init(&p);
        for (int i = 0; i < depth; i++)
            mt_buf_puts(&p, "d/");
        mt_buf_puts(&p, "f.txt");
        fprintf(f,
                "commit refs/heads/depth%d\n"
                "author A <a@example.org> %" PRId64 " +0000\n"
                "committer A <a@example.org> %" PRId64 " +0000\n"
                "data 5\ndeep\n"
                "M 100644 inline %s\ndata 9\ndeep %03d\n\n",
                depth, T0 + depth, T0 + depth, p.data, depth);
        mt_buf_free(&p);
    }
    assert_int_equal(fclose(f), 0);
    sh("git -C '%s' fast-import --quiet < '%s'", tpath(d), stream_path);
    free(stream_path);

    recorder *R = walk_ok(d, "depth500", 0, 0);
    assert_int_equal(R->n, 1);
    assert_int_equal(R->r[0].len, 9);
    assert_memory_equal(R->r[0].data, "deep 500\n", 9);
    assert_int_equal(strlen(R->r[0].path), 500 * 2 + 5);
    rec_free(R);

    R = rec_new();
    sec_git_opts o = {.branch = "depth600"};
    assert_int_equal(sec_git_walk(tpath(d), &o, record_cb, R, &R->st, R->err, sizeof(R->err)), -1);
    assert_non_null(strstr(R->err, "deeper than"));
    assert_non_null(strstr(R->err, tpath(d)));
    assert_int_equal(R->n, 0);
    rec_free(R);
}

/* Not a repository: a plain directory, a missing path, a directory inside
 * a work tree (no search upwards), a file. */
static void test_not_a_repo(void **state)
{
    (void)state;
    sh("mkdir -p '%s'", tpath("plain"));
    const char *paths[] = {tpath("plain"), tpath("missing"), tpath("lin/dir"), tpath("lin/a.txt"),
                           ""};
    for (size_t i = 0; i < MT_ARRAY_LEN(paths); i++) {
        recorder *R = rec_new();
        assert_int_equal(sec_git_walk(paths[i], NULL, record_cb, R, &R->st, R->err, sizeof(R->err)),
                         -1);
        assert_int_equal(R->n, 0);
        assert_true(strlen(R->err) > 0);
        if (paths[i][0]) {
            assert_non_null(strstr(R->err, paths[i]));
            assert_non_null(strstr(R->err, "not a git repository"));
        }
        rec_free(R);
    }
    /* A small error buffer gets a truncated, terminated message. */
    char small[16];
    memset(small, 'x', sizeof(small));
    assert_int_equal(
        sec_git_walk(tpath("plain"), NULL, record_cb, NULL, NULL, small, sizeof(small)), -1);
    assert_int_equal(strlen(small), sizeof(small) - 1);
}

/* Runs this program again with MOAT_LIBGIT2 set and the given child mode;
 * returns its exit status. */
static int run_child(const char *mode, const char *lib)
{
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        setenv("MOAT_LIBGIT2", lib, 1);
        execl(self_exe, self_exe, "--child", mode, tpath("lin"), (char *)NULL);
        _exit(127);
    }
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    return WIFEXITED(st) ? WEXITSTATUS(st) : 128;
}

/* $MOAT_LIBGIT2: a missing file and a library that is not libgit2 give
 * clear errors; the real library by its name works. */
static void test_libgit2_env(void **state)
{
    (void)state;
    assert_int_equal(run_child("missing", "/nonexistent/libgit2.so.9"), 0);
    assert_int_equal(run_child("notgit", "libz.so.1"), 0);
    assert_int_equal(run_child("ok", "libgit2.so.1.5"), 0);
}

static int count_cb(void *ud, const sec_git_blob *b)
{
    (void)b;
    ++*(size_t *)ud;
    return 0;
}

/* The child side of test_libgit2_env: exit 0 when the walk did as mode
 * expects. */
static int child_main(const char *mode, const char *repo)
{
    char err[1024] = "";
    size_t n = 0;
    int rc = sec_git_walk(repo, NULL, count_cb, &n, NULL, err, sizeof(err));
    const char *lib = getenv("MOAT_LIBGIT2");
    if (strcmp(mode, "ok") == 0) {
        if (rc != 0 || n != 6) {
            fprintf(stderr, "child ok: rc %d, %zu blobs, %s\n", rc, n, err);
            return 1;
        }
        return 0;
    }
    if (n != 0)
        return 1;
    if (rc != -1 || !strstr(err, lib) || !strstr(err, "apt-get install libgit2-1.5")) {
        fprintf(stderr, "child %s: rc %d, err %s\n", mode, rc, err);
        return 1;
    }
    if (strcmp(mode, "missing") == 0 && !strstr(err, "cannot load"))
        return 1;
    if (strcmp(mode, "notgit") == 0 && !strstr(err, "lacks git_"))
        return 1;
    /* The second call gives the same error (the load is not retried). */
    char err2[1024] = "";
    if (sec_git_walk(repo, NULL, count_cb, &n, NULL, err2, sizeof(err2)) != -1 ||
        strcmp(err, err2) != 0)
        return 1;
    return 0;
}

static int group_setup(void **state)
{
    (void)state;
    snprintf(tmpdir, sizeof(tmpdir), "%s/moat-secgit-XXXXXX",
             getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(tmpdir))
        return -1;
    setenv("HOME", tmpdir, 1);
    setenv("XDG_CONFIG_HOME", tmpdir, 1);
    setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    setenv("TZ", "UTC", 1);
    setenv("LC_ALL", "C", 1);
    static const char *const unset[] = {"GIT_DIR",
                                        "GIT_WORK_TREE",
                                        "GIT_INDEX_FILE",
                                        "GIT_OBJECT_DIRECTORY",
                                        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
                                        "GIT_CEILING_DIRECTORIES",
                                        "GIT_CONFIG_GLOBAL",
                                        "GIT_AUTHOR_NAME",
                                        "GIT_AUTHOR_EMAIL",
                                        "GIT_AUTHOR_DATE",
                                        "GIT_COMMITTER_NAME",
                                        "GIT_COMMITTER_EMAIL",
                                        "GIT_COMMITTER_DATE",
                                        "MOAT_LIBGIT2"};
    for (size_t i = 0; i < MT_ARRAY_LEN(unset); i++)
        unsetenv(unset[i]);
    return 0;
}

static int group_teardown(void **state)
{
    (void)state;
    char cmd[512];
    snprintf(cmd, sizeof(cmd), "rm -rf '%s'", tmpdir);
    return system(cmd) == 0 ? 0 : -1;
}

int main(int argc, char **argv)
{
    ssize_t n = readlink("/proc/self/exe", self_exe, sizeof(self_exe) - 1);
    if (n <= 0)
        return 1;
    self_exe[n] = '\0';
    if (argc == 4 && strcmp(argv[1], "--child") == 0)
        return child_main(argv[2], argv[3]);
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_linear),
        cmocka_unit_test(test_same_blob_once),
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_oldest_wins),
        cmocka_unit_test(test_since),
        cmocka_unit_test(test_max_blob),
        cmocka_unit_test(test_links),
        cmocka_unit_test(test_stop),
        cmocka_unit_test(test_shapes),
        cmocka_unit_test(test_shallow),
        cmocka_unit_test(test_missing_objects),
        cmocka_unit_test(test_deep_tree),
        cmocka_unit_test(test_not_a_repo),
        cmocka_unit_test(test_libgit2_env),
    };
    return cmocka_run_group_tests(tests, group_setup, group_teardown);
}
