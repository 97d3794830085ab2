/* test_sh_split.c — unit tests of the shell splitter (sh_split.h): words
 * and quoting, operators, nesting, substitutions, sh -c bodies,
 * redirections and here-documents, comments, compound commands,
 * assignments, wrappers and the sh_cmd_* helpers. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dockerfile/sh_split.h"

#include "arena_fixture.h"


static sh_script *split(void **state, const char *src)
{
    mt_arena *a = *state;
    sh_script *s = mt_arena_alloc(a, sizeof(*s));
    sh_split(a, src, strlen(src), s);
    return s;
}

/* The first command named `name` (after wrappers), or NULL. */
static const sh_cmd *find(const sh_script *s, const char *name)
{
    for (size_t k = 0; k < s->ncmds; k++) {
        if (strcmp(sh_cmd_name(&s->cmds[k]), name) == 0)
            return &s->cmds[k];
    }
    return NULL;
}

/* Space-separated command names, in order. */
static const char *names(void **state, const sh_script *s)
{
    mt_buf b;
    mt_buf_init(&b);
    for (size_t k = 0; k < s->ncmds; k++)
        mt_buf_printf(&b, "%s%s", k ? " " : "", sh_cmd_name(&s->cmds[k]));
    char *r = mt_arena_strdup(*state, b.data ? b.data : "");
    mt_buf_free(&b);
    return r;
}

/* One command from a one-command script. */
static const sh_cmd *one(void **state, const char *src)
{
    sh_script *s = split(state, src);
    assert_int_equal(s->ncmds, 1);
    return &s->cmds[0];
}

/* ---- words ---- */

static void test_words_and_quotes(void **state)
{
    const sh_cmd *c = one(state, "echo plain 'single $x' \"double $y\" mixed'a b'\"c\" esc\\ aped");
    assert_int_equal(c->nwords, 6);
    assert_string_equal(c->words[0].value, "echo");
    assert_false(c->words[0].quoted);
    assert_string_equal(c->words[1].value, "plain");
    assert_string_equal(c->words[2].value, "single $x");
    assert_true(c->words[2].quoted);
    assert_false(c->words[2].dynamic);
    assert_string_equal(c->words[3].value, "double $y");
    assert_true(c->words[3].dynamic);
    assert_string_equal(c->words[4].value, "mixeda bc");
    assert_string_equal(c->words[4].raw, "mixed'a b'\"c\"");
    assert_string_equal(c->words[5].value, "esc aped");
    assert_true(c->words[5].quoted);
}

static void test_double_quote_escapes(void **state)
{
    const sh_cmd *c = one(state, "printf \"a\\\"b \\$HOME \\\\ \\n \\`x\\`\"");
    assert_string_equal(c->words[1].value, "a\"b $HOME \\ \\n `x`");
    assert_false(c->words[1].dynamic);
}

static void test_ansi_c_quotes_and_dollar(void **state)
{
    const sh_cmd *c = one(state, "echo $'a\\tb\\n' $HOME ${X:-y} $ $1 cost$");
    assert_string_equal(c->words[1].value, "a\tb\n");
    assert_true(c->words[1].quoted);
    assert_true(c->words[2].dynamic);
    assert_true(c->words[3].dynamic);
    assert_string_equal(c->words[3].value, "${X:-y}");
    assert_false(c->words[4].dynamic); /* a lone '$' */
    assert_true(c->words[5].dynamic);
    assert_false(c->words[6].dynamic);
}

static void test_line_continuation(void **state)
{
    sh_script *s = split(state, "apt-get install \\\n  -y cur\\\nl && echo ok");
    assert_int_equal(s->ncmds, 2);
    assert_int_equal(s->cmds[0].nwords, 4);
    assert_string_equal(s->cmds[0].words[3].value, "curl");
    assert_string_equal(sh_cmd_name(&s->cmds[1]), "echo");
}

/* ---- operators ---- */

static void test_operators(void **state)
{
    sh_script *s = split(state, "a && b || c; d | e |& f & g\nh");
    assert_string_equal(names(state, s), "a b c d e f g h");
    assert_int_equal(s->cmds[0].sep, SH_SEP_AND);
    assert_int_equal(s->cmds[1].sep, SH_SEP_OR);
    assert_int_equal(s->cmds[2].sep, SH_SEP_SEMI);
    assert_int_equal(s->cmds[3].sep, SH_SEP_PIPE);
    assert_int_equal(s->cmds[4].sep, SH_SEP_PIPE);
    assert_int_equal(s->cmds[5].sep, SH_SEP_BG);
    assert_int_equal(s->cmds[6].sep, SH_SEP_SEMI); /* newline */
    assert_int_equal(s->cmds[7].sep, SH_SEP_END);
    assert_false(s->cmds[3].piped_in);
    assert_true(s->cmds[4].piped_in);
    assert_true(s->cmds[5].piped_in);
    assert_false(s->cmds[6].piped_in);
    assert_true(s->has_pipe);
    for (size_t k = 0; k < s->ncmds; k++) {
        assert_int_equal(s->cmds[k].depth, 0);
        assert_false(s->cmds[k].substituted);
    }
    s = split(state, "a;b");
    assert_false(s->has_pipe);
    assert_int_equal(s->ncmds, 2);
}

static void test_subshells_and_groups(void **state)
{
    sh_script *s = split(state, "(cd /src && make) ; { a; (b); } ; c | (d)");
    assert_string_equal(names(state, s), "cd make a b c d");
    assert_int_equal(s->cmds[0].depth, 1);
    assert_int_equal(s->cmds[1].depth, 1);
    assert_int_equal(s->cmds[2].depth, 1);
    assert_int_equal(s->cmds[3].depth, 2);
    assert_int_equal(s->cmds[4].depth, 0);
    assert_int_equal(s->cmds[5].depth, 1);
    assert_true(s->cmds[5].piped_in);

    /* the operator after a group is the separator of its last command, and
     * redirections of a group make no command of their own */
    s = split(state, "(a && b) || c; { x; y; } 2>&1 | z; while r; do q; done < in | g");
    assert_string_equal(names(state, s), "a b c x y z r q g");
    assert_int_equal(s->cmds[1].sep, SH_SEP_OR);
    assert_int_equal(s->cmds[4].sep, SH_SEP_PIPE);
    assert_true(s->cmds[5].piped_in);
    assert_int_equal(s->cmds[7].sep, SH_SEP_PIPE);
    assert_true(s->cmds[8].piped_in);
    assert_true(s->has_pipe);
    s = split(state, "for f in *; do cat $f; done | sort");
    assert_true(s->has_pipe);
    assert_true(find(s, "sort")->piped_in);
}

/* ---- substitutions ---- */

static void test_command_substitution(void **state)
{
    sh_script *s = split(state, "echo $(date +%s) `id -u` \"$(whoami)\" \"`hostname`\" $((1 + 2))");
    assert_string_equal(names(state, s), "date id whoami hostname echo");
    for (size_t k = 0; k < 4; k++) {
        assert_true(s->cmds[k].substituted);
        assert_int_equal(s->cmds[k].depth, 1);
    }
    const sh_cmd *e = find(s, "echo");
    assert_false(e->substituted);
    assert_int_equal(e->depth, 0);
    assert_int_equal(e->nwords, 6);
    assert_true(e->words[1].dynamic);
    assert_string_equal(e->words[1].value, "$(date +%s)");
    assert_string_equal(e->words[3].value, "$(whoami)");
    assert_true(e->words[5].dynamic);
}

static void test_nested_substitution(void **state)
{
    sh_script *s = split(state, "a $(b $(c | d) \")\") ; (x $(y))");
    const sh_cmd *c = find(s, "c"), *b = find(s, "b"), *y = find(s, "y");
    assert_non_null(c);
    assert_int_equal(c->depth, 2);
    assert_true(c->substituted);
    assert_true(find(s, "d")->piped_in);
    assert_int_equal(b->depth, 1);
    assert_int_equal(b->nwords, 3);
    assert_string_equal(b->words[2].value, ")");
    assert_int_equal(y->depth, 2); /* inside ( ) and $( ) */
    assert_int_equal(find(s, "a")->depth, 0);
}

/* Plain words are cut in place from one copy of the script: the words
 * around and inside substitutions (which are split from the same copy)
 * keep their whole text, value and raw alike. */
static void test_words_beside_substitutions(void **state)
{
    sh_script *s = split(state, "pre $(in1 in2)x `bq1 bq2` \"q $(dq1 dq2)\" post;"
                                "sh -c 'b1 b2|b3' tail");
    const sh_cmd *pre = find(s, "pre"), *in1 = find(s, "in1"), *bq1 = find(s, "bq1");
    const sh_cmd *dq1 = find(s, "dq1"), *b1 = find(s, "b1"), *sh = find(s, "sh");
    assert_non_null(pre);
    assert_int_equal(pre->nwords, 5);
    assert_string_equal(pre->words[0].raw, "pre");
    assert_string_equal(pre->words[1].value, "$(in1 in2)x");
    assert_string_equal(pre->words[1].raw, "$(in1 in2)x");
    assert_string_equal(pre->words[2].raw, "`bq1 bq2`");
    assert_string_equal(pre->words[3].value, "q $(dq1 dq2)");
    assert_string_equal(pre->words[3].raw, "\"q $(dq1 dq2)\"");
    assert_string_equal(pre->words[4].value, "post");
    assert_string_equal(in1->words[1].value, "in2");
    assert_string_equal(in1->words[1].raw, "in2");
    assert_string_equal(bq1->words[1].value, "bq2");
    assert_string_equal(dq1->words[1].value, "dq2");
    assert_int_equal(dq1->nwords, 2);
    assert_string_equal(b1->words[1].value, "b2");
    assert_string_equal(find(s, "b3")->words[0].raw, "b3");
    assert_string_equal(sh->words[2].raw, "'b1 b2|b3'");
    assert_string_equal(sh->words[3].value, "tail");
}

static void test_sh_c_bodies(void **state)
{
    sh_script *s = split(state, "sh -c 'apt-get update && apt-get install -y x'; "
                                "bash -o pipefail -c \"curl x | tar xz\"; /bin/bash -ec 'e1'; "
                                "sh -c -x 'e2'; sh script.sh -c; dash -- x");
    assert_string_equal(names(state, s),
                        "sh apt-get apt-get bash curl tar bash e1 sh e2 sh dash");
    const sh_cmd *u = &s->cmds[1];
    assert_int_equal(u->depth, 1);
    assert_false(u->substituted);
    assert_int_equal(s->cmds[1].sep, SH_SEP_AND);
    assert_true(s->cmds[5].piped_in);
    assert_int_equal(s->cmds[0].sep, SH_SEP_SEMI);
    /* the outer shell runs the substitutions of a "..." body: listed once,
     * and the inner shell sees a dynamic word; \$( ) and '...' bodies are
     * run by the inner shell */
    s = split(state, "bash -c \"apt-get install $(cat list) \\$(inner)\"; sh -c 'echo `x`'");
    assert_string_equal(names(state, s), "cat bash inner apt-get sh x echo");
    assert_int_equal(find(s, "cat")->depth, 1);
    assert_int_equal(find(s, "inner")->depth, 2);
    assert_int_equal(find(s, "x")->depth, 2);
    const sh_cmd *ag = find(s, "apt-get");
    assert_int_equal(ag->nwords, 4);
    assert_true(ag->words[2].dynamic);
    assert_true(ag->words[3].dynamic);
    /* inside a substitution the body is substituted too */
    s = split(state, "x=$(sh -c 'id -u')");
    assert_true(find(s, "id")->substituted);
    assert_int_equal(find(s, "id")->depth, 2);
}

/* ---- redirections and here-documents ---- */

static void test_redirections(void **state)
{
    const sh_cmd *c = one(state, "cmd arg >out 2>&1 <in >>log &>all 2>/dev/null >&2 3<&0 >|force");
    assert_int_equal(c->nwords, 2);
    assert_int_equal(c->nredirs, 9);
    static const char *const ops[] = {">", "2>&", "<", ">>", "&>", "2>", ">&", "3<&", ">|"};
    static const char *const targets[] = {"out", "1", "in", "log", "all", "/dev/null", "2", "0", "force"};
    for (size_t k = 0; k < 9; k++) {
        assert_string_equal(c->redirs[k].op, ops[k]);
        assert_string_equal(c->redirs[k].target, targets[k]);
    }
    c = one(state, "cat > \"my file\" <<< 'str'");
    assert_string_equal(c->redirs[0].target, "my file");
    assert_string_equal(c->redirs[1].op, "<<<");
    assert_string_equal(c->redirs[1].target, "str");
}

static void test_heredoc_bodies_skipped(void **state)
{
    sh_script *s = split(state, "cat <<EOF > /etc/x.conf\nrm -rf / $(danger)\nEOF\n"
                                "cat <<-'END' | grep x\n\tnot a command\n\tEND\n"
                                "tee <<\"A\" <<B\n1\nA\n2\nB\necho done");
    assert_string_equal(names(state, s), "cat cat grep tee echo");
    assert_string_equal(s->cmds[0].redirs[0].op, "<<");
    assert_string_equal(s->cmds[0].redirs[0].target, "EOF");
    assert_string_equal(s->cmds[1].redirs[0].op, "<<-");
    assert_string_equal(s->cmds[1].redirs[0].target, "END");
    assert_true(s->cmds[2].piped_in);
}

/* ---- comments ---- */

static void test_comments(void **state)
{
    sh_script *s = split(state, "# leading comment\napt-get update # trailing && rm -rf /\n"
                                "echo a#b;#c\necho 'x # y'");
    assert_string_equal(names(state, s), "apt-get echo echo");
    assert_int_equal(s->cmds[0].nwords, 2);
    assert_string_equal(s->cmds[1].words[1].value, "a#b");
    assert_string_equal(s->cmds[2].words[1].value, "x # y");
}

/* ---- compound commands ---- */

static void test_if_while(void **state)
{
    sh_script *s = split(state, "if [ -f /x ]; then rm /x; elif test -d /y; then :; else echo no; "
                                "fi; while read l; do echo \"$l\"; done < f; until false; do break; "
                                "done; ! grep -q x f");
    assert_string_equal(names(state, s), "[ rm test : echo read echo false break grep");
    assert_int_equal(s->cmds[0].nwords, 4);
}

static void test_for_loop(void **state)
{
    sh_script *s = split(state, "for f in a b $(ls /d); do\n  rm \"$f\"\ndone; "
                                "for ((i = 0; i < 3; i++)); do echo $i; done; for x; do y; done");
    assert_string_equal(names(state, s), "ls rm echo y");
    assert_true(s->cmds[0].substituted);
    assert_int_equal(s->cmds[1].depth, 0);
}

static void test_case_esac(void **state)
{
    sh_script *s = split(state, "case \"$(uname -m)\" in\n"
                                "  x86_64|amd64) arch=amd64; echo one ;;\n"
                                "  (aarch64) echo two ;&\n"
                                "  arm*) case $v in a) inner;; esac ;;\n"
                                "  *) echo other\n"
                                "esac; after");
    assert_string_equal(names(state, s), "uname  echo echo inner echo after");
    assert_int_equal(s->cmds[1].nassigns, 1); /* arch=amd64 */
    assert_int_equal(s->cmds[1].nwords, 0);
}

static void test_functions_and_arithmetic(void **state)
{
    sh_script *s = split(state, "f() { echo in f; }; function g { x; }; function h() (y); "
                                "((count++)); f");
    assert_string_equal(names(state, s), "echo x y f");
    assert_int_equal(s->cmds[0].depth, 1);
    assert_int_equal(s->cmds[3].depth, 0);
}

/* ---- assignments and wrappers ---- */

static void test_assignments(void **state)
{
    sh_script *s = split(state, "DEBIAN_FRONTEND=noninteractive B=\"x y\" apt-get install; A=1; "
                                "echo X=1; \"Q\"=1 cmd");
    const sh_cmd *c = &s->cmds[0];
    assert_int_equal(c->nassigns, 2);
    assert_string_equal(c->assigns[0].value, "DEBIAN_FRONTEND=noninteractive");
    assert_string_equal(c->assigns[1].value, "B=x y");
    assert_int_equal(c->argi, 0);
    assert_string_equal(sh_cmd_name(c), "apt-get");
    assert_int_equal(s->cmds[1].nwords, 0);
    assert_int_equal(s->cmds[1].nassigns, 1);
    assert_string_equal(sh_cmd_name(&s->cmds[1]), "");
    assert_int_equal(s->cmds[2].nassigns, 0);
    assert_int_equal(s->cmds[2].nwords, 2);
    assert_int_equal(s->cmds[3].nassigns, 0); /* a quoted name is no assignment */
}

static void expect_argi(void **state, const char *src, size_t argi, const char *name)
{
    const sh_cmd *c = one(state, src);
    if (c->argi != argi || strcmp(sh_cmd_name(c), name) != 0)
        fail_msg("%s: argi %zu name %s, want %zu %s", src, c->argi, sh_cmd_name(c), argi, name);
}

static void test_wrappers(void **state)
{
    expect_argi(state, "apt-get install x", 0, "apt-get");
    expect_argi(state, "/usr/bin/apt-get install x", 0, "apt-get");
    expect_argi(state, "sudo apt-get install", 1, "apt-get");
    expect_argi(state, "sudo -u app -E pip install", 4, "pip");
    expect_argi(state, "sudo -uapp pip install", 2, "pip");
    expect_argi(state, "sudo --user app pip", 3, "pip");
    expect_argi(state, "sudo --user=app pip", 2, "pip");
    expect_argi(state, "sudo -- pip", 2, "pip");
    expect_argi(state, "sudo HOME=/x pip", 2, "pip");
    expect_argi(state, "env -i PATH=/bin A=1 make", 4, "make");
    expect_argi(state, "env -u HOME make", 3, "make");
    expect_argi(state, "/usr/bin/env - make", 2, "make");
    expect_argi(state, "nice -n 10 make", 3, "make");
    expect_argi(state, "nice -10 make", 2, "make");
    expect_argi(state, "nohup server &", 1, "server");
    expect_argi(state, "time -p make", 2, "make");
    expect_argi(state, "command -p make", 2, "make");
    expect_argi(state, "exec gosu app cmd", 1, "gosu");
    expect_argi(state, "timeout -s KILL 30 curl x", 4, "curl");
    expect_argi(state, "sudo env A=1 nice -n 5 nohup apt-get update", 7, "apt-get");
    expect_argi(state, "sudo", 0, "sudo");
    expect_argi(state, "sudo -u app", 0, "sudo");
}

/* ---- helpers ---- */

static void test_cmd_helpers(void **state)
{
    const sh_cmd *c = one(state, "sudo apt-get install -y --no-install-recommends curl");
    assert_string_equal(sh_cmd_name(c), "apt-get");
    assert_int_equal(sh_cmd_prog(c), SH_PROG_APT_GET);
    assert_int_equal(sh_cmd_argc(c), 5);
    assert_string_equal(sh_cmd_arg(c, 0), "apt-get");
    assert_string_equal(sh_cmd_arg(c, 4), "curl");
    assert_null(sh_cmd_arg(c, 5));
    static const char *const nr[] = {"--no-install-recommends", NULL};
    static const char *const yes[] = {"--yes", "--assume-yes", NULL};
    assert_true(sh_cmd_has_any(c, nr));
    assert_false(sh_cmd_has_any(c, yes));
    c = one(state, "apt-get --assume-yes=true install");
    assert_true(sh_cmd_has_any(c, yes));
    c = one(state, "cmd");
    assert_int_equal(sh_cmd_argc(c), 1);
    assert_false(sh_cmd_has_any(c, yes));
    /* an empty command */
    c = one(state, "> file");
    assert_int_equal(sh_cmd_argc(c), 0);
    assert_string_equal(sh_cmd_name(c), "");
    assert_int_equal(sh_cmd_prog(c), SH_PROG_OTHER);
    assert_null(sh_cmd_opt_value(c, 'o', "--out"));
    assert_false(sh_cmd_has_short(c, 'y'));
    assert_int_equal(sh_cmd_next_positional(c, 0, NULL), 0);
}

/* The effective name is computed once by sh_split(); the helpers still
 * answer from words[argi] for a copy whose argi was changed (as
 * df_rules_pkg.c does for xargs) or for an sh_cmd built by hand. */
static void test_cached_name(void **state)
{
    const sh_cmd *c = one(state, "sudo /usr/bin/apt-get install x");
    assert_int_equal(c->argi, 1);
    assert_string_equal(c->name, "apt-get");
    assert_string_equal(sh_cmd_name(c), "apt-get");
    assert_int_equal(c->prog, SH_PROG_APT_GET);
    assert_int_equal(sh_cmd_prog(c), SH_PROG_APT_GET);

    c = one(state, "A=1 > out");
    assert_int_equal(c->nwords, 0);
    assert_string_equal(c->name, "");
    assert_string_equal(sh_cmd_name(c), "");
    assert_int_equal(sh_cmd_prog(c), SH_PROG_OTHER);

    sh_script *s = split(state, "bash -o pipefail -c '/bin/echo hi | /usr/bin/tee -- x'");
    assert_string_equal(names(state, s), "bash echo tee");
    assert_string_equal(s->cmds[1].name, "echo");
    assert_string_equal(sh_cmd_name(&s->cmds[2]), "tee");
    assert_int_equal(sh_cmd_next_positional(&s->cmds[2], 0, NULL), 2); /* after -- */

    s = split(state, "echo $(/usr/bin/id -u) `env -i /bin/uname -m`");
    assert_string_equal(names(state, s), "id uname echo");
    assert_int_equal(s->cmds[1].argi, 2);

    /* a copy with another argi */
    c = one(state, "xargs -- /usr/bin/apt-get -t x install -- a");
    sh_cmd inner = *c;
    inner.argi = 2;
    assert_string_equal(sh_cmd_name(&inner), "apt-get");
    assert_int_equal(sh_cmd_argc(&inner), 6);
    static const char *const with_value[] = {"-t", NULL};
    assert_int_equal(sh_cmd_next_positional(&inner, 0, with_value), 3); /* install */
    assert_int_equal(sh_cmd_next_positional(&inner, 3, with_value), 5); /* a, after -- */
    assert_string_equal(sh_cmd_name(c), "xargs");
    assert_int_equal(sh_cmd_next_positional(c, 0, with_value), 2); /* after the first -- */
    assert_int_equal(sh_cmd_prog(c), SH_PROG_XARGS);
    assert_int_equal(sh_cmd_prog(&inner), SH_PROG_APT_GET);
    /* built by hand, and empty */
    sh_cmd hand = {.words = c->words, .nwords = c->nwords, .argi = 2};
    assert_string_equal(sh_cmd_name(&hand), "apt-get");
    assert_int_equal(sh_cmd_prog(&hand), SH_PROG_APT_GET);
    assert_int_equal(sh_cmd_next_positional(&hand, 0, with_value), 3);
    sh_cmd none = {0};
    assert_string_equal(sh_cmd_name(&none), "");
    assert_int_equal(sh_cmd_prog(&none), SH_PROG_OTHER);
    assert_int_equal(sh_cmd_next_positional(&none, 0, NULL), 0);
}

static void test_prog(void **state)
{
    /* every listed name is recognised as itself, and nothing else is */
    for (int p = 1; p < SH_PROG_COUNT; p++) {
        const char *n = sh_prog_name((sh_prog)p);
        assert_true(n[0] != '\0');
        assert_int_equal(sh_prog_of(n), (sh_prog)p);
        char longer[32];
        snprintf(longer, sizeof(longer), "%sx", n);
        assert_int_equal(sh_prog_of(longer), SH_PROG_OTHER);
        if (n[1]) {
            snprintf(longer, sizeof(longer), "%.*s", (int)strlen(n) - 1, n);
            assert_true(sh_prog_of(longer) != (sh_prog)p);
        }
    }
    assert_int_equal(sh_prog_of(""), SH_PROG_OTHER);
    assert_int_equal(sh_prog_of("APT-GET"), SH_PROG_OTHER);
    assert_int_equal(sh_prog_of("\xc3\xa9"), SH_PROG_OTHER);
    assert_string_equal(sh_prog_name(SH_PROG_OTHER), "");
    /* the shells, and only they */
    int shells = 0;
    for (int p = 0; p < SH_PROG_COUNT; p++)
        shells += sh_prog_is_shell((sh_prog)p);
    assert_int_equal(shells, 7);
    static const char *const sh_names[] = {"sh", "bash", "ash", "dash", "zsh", "ksh", "mksh"};
    for (size_t k = 0; k < sizeof(sh_names) / sizeof(sh_names[0]); k++)
        assert_true(sh_prog_is_shell(sh_prog_of(sh_names[k])));

    sh_script *s = split(state, "sudo /usr/bin/apt-get install x && python3 -m pip i && . ./env");
    assert_int_equal(s->ncmds, 3);
    assert_int_equal(sh_cmd_prog(&s->cmds[0]), SH_PROG_APT_GET);
    assert_int_equal(sh_cmd_prog(&s->cmds[1]), SH_PROG_OTHER);
    assert_int_equal(sh_cmd_prog(&s->cmds[2]), SH_PROG_DOT);
    /* a wrapper with nothing after it is the command; sudo is not listed */
    s = split(state, "A=1 > out; sudo; sudo -u app; sudo -u app echo x");
    assert_int_equal(sh_cmd_prog(&s->cmds[0]), SH_PROG_OTHER);
    assert_string_equal(sh_cmd_name(&s->cmds[1]), "sudo");
    assert_int_equal(sh_cmd_prog(&s->cmds[1]), SH_PROG_OTHER);
    assert_int_equal(sh_cmd_prog(&s->cmds[2]), SH_PROG_OTHER);
    assert_int_equal(sh_cmd_prog(&s->cmds[3]), SH_PROG_ECHO);
}

static void test_has_short(void **state)
{
    const sh_cmd *c = one(state, "apt-get -qqy install --yes-not x -- -z");
    assert_true(sh_cmd_has_short(c, 'y'));
    assert_true(sh_cmd_has_short(c, 'q'));
    assert_false(sh_cmd_has_short(c, 'e')); /* only in a --long option */
    assert_false(sh_cmd_has_short(c, 'z')); /* after -- */
    assert_false(sh_cmd_has_short(c, 'i')); /* positional */
    c = one(state, "cmd -j4x -");
    assert_true(sh_cmd_has_short(c, 'j'));
    assert_false(sh_cmd_has_short(c, 'x')); /* after the digit: a value */
}

static void test_opt_value(void **state)
{
    const sh_cmd *c = one(state, "curl -o out.tgz https://x");
    assert_string_equal(sh_cmd_opt_value(c, 'o', "--output"), "out.tgz");
    c = one(state, "curl -oout.tgz https://x");
    assert_string_equal(sh_cmd_opt_value(c, 'o', "--output"), "out.tgz");
    c = one(state, "curl --output out.tgz https://x");
    assert_string_equal(sh_cmd_opt_value(c, 'o', "--output"), "out.tgz");
    c = one(state, "curl --output=out.tgz https://x");
    assert_string_equal(sh_cmd_opt_value(c, 'o', "--output"), "out.tgz");
    c = one(state, "curl -fsSLo out.tgz https://x");
    assert_string_equal(sh_cmd_opt_value(c, 'o', "--output"), "out.tgz");
    c = one(state, "wget -qO- https://x");
    assert_string_equal(sh_cmd_opt_value(c, 'O', "--output-document"), "-");
    c = one(state, "curl -fsSL https://x");
    assert_null(sh_cmd_opt_value(c, 'o', "--output"));
    c = one(state, "curl https://x -o");
    assert_string_equal(sh_cmd_opt_value(c, 'o', NULL), "");
    c = one(state, "curl --output-dir d x");
    assert_null(sh_cmd_opt_value(c, 0, "--output"));
    c = one(state, "useradd -u 1000 -m app");
    assert_string_equal(sh_cmd_opt_value(c, 'u', "--uid"), "1000");
    c = one(state, "cmd -- -o x");
    assert_null(sh_cmd_opt_value(c, 'o', NULL));
}

static void test_next_positional(void **state)
{
    static const char *const with_value[] = {"-o", "--option", "-t", NULL};
    const sh_cmd *c = one(state, "apt-get -o Dpkg::Options=x -q --option=y -t bookworm install a b");
    size_t i = sh_cmd_next_positional(c, 0, with_value);
    assert_string_equal(sh_cmd_arg(c, i), "install");
    i = sh_cmd_next_positional(c, i, with_value);
    assert_string_equal(sh_cmd_arg(c, i), "a");
    i = sh_cmd_next_positional(c, i, with_value);
    assert_string_equal(sh_cmd_arg(c, i), "b");
    assert_int_equal(sh_cmd_next_positional(c, i, with_value), 0);
    /* without the list an option's value looks positional */
    c = one(state, "apt-get -t bookworm install");
    assert_string_equal(sh_cmd_arg(c, sh_cmd_next_positional(c, 0, NULL)), "bookworm");
    /* after -- everything is positional */
    c = one(state, "pip install -- -weird-name other");
    i = sh_cmd_next_positional(c, 0, NULL);
    assert_string_equal(sh_cmd_arg(c, i), "install");
    i = sh_cmd_next_positional(c, i, NULL);
    assert_string_equal(sh_cmd_arg(c, i), "-weird-name");
    i = sh_cmd_next_positional(c, i, NULL);
    assert_string_equal(sh_cmd_arg(c, i), "other");
    /* a lone '-' is positional (stdin) */
    c = one(state, "tar -x -");
    assert_string_equal(sh_cmd_arg(c, sh_cmd_next_positional(c, 0, NULL)), "-");
    /* the inline case (next word an operand before `--`) agrees with the
     * full scan at every position, wrappers and `--` included */
    c = one(state, "sudo -u app pip install a -- -b c");
    for (size_t from = 0; from < 8; from++)
        assert_int_equal(sh_cmd_next_positional(c, from, with_value),
                         sh_cmd_next_positional_scan(c, from, with_value));
    assert_int_equal(sh_cmd_next_positional(c, 2, NULL), 4); /* -- skipped */
    assert_string_equal(sh_cmd_arg(c, 4), "-b");
    /* a copy whose argi was changed is answered by the scan */
    sh_cmd moved = *c;
    moved.argi = 0;
    assert_int_equal(sh_cmd_next_positional(&moved, 0, NULL), 2);
    assert_string_equal(sh_cmd_arg(&moved, 2), "app");
}

/* ---- robustness ---- */

static void test_unterminated(void **state)
{
    static const char *const bad[][2] = {
        {"echo 'abc", "unterminated single quote"},
        {"echo \"abc", "unterminated double quote"},
        {"echo $'abc", "unterminated $'...' quote"},
    };
    for (size_t k = 0; k < 3; k++) {
        sh_script *s = split(state, bad[k][0]);
        assert_non_null(s->error);
        assert_string_equal(s->error, bad[k][1]);
        assert_int_equal(s->ncmds, 1);
        assert_string_equal(s->cmds[0].words[1].value, "abc");
    }
    static const char *const odd[] = {"echo $(date", "echo `date", "echo ${X", "echo \"$(a",
                                      "echo \"`a", "echo \\", "cat <<", "cat <<EOF\nno end",
                                      "((", ")", "(((", "case x in", "case", "for", "a |",
                                      "&& ||", ";;", "f(", "$(", "`", "2>", "&>", "'", "\"\\"};
    for (size_t k = 0; k < sizeof(odd) / sizeof(odd[0]); k++) {
        sh_script *s = split(state, odd[k]);
        for (size_t j = 0; j < s->ncmds; j++)
            (void)sh_cmd_name(&s->cmds[j]);
    }
    sh_script *s = split(state, "echo \\");
    assert_string_equal(s->cmds[0].words[1].value, "\\");
    s = split(state, "");
    assert_int_equal(s->ncmds, 0);
    assert_null(s->error);
}

static void test_limits(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    for (int k = 0; k < SH_MAX_COMMANDS + 5; k++)
        mt_buf_puts(&b, "a;");
    sh_script *s = split(state, b.data);
    assert_int_equal(s->ncmds, SH_MAX_COMMANDS);
    assert_non_null(s->error);
    mt_buf_clear(&b);
    /* deep nesting of substitutions and groups */
    for (int k = 0; k < 200; k++)
        mt_buf_puts(&b, "$(a ");
    for (int k = 0; k < 200; k++)
        mt_buf_puts(&b, ")");
    s = split(state, b.data);
    assert_true(s->ncmds >= SH_MAX_DEPTH);
    mt_buf_clear(&b);
    for (int k = 0; k < 1000; k++)
        mt_buf_puts(&b, "( { ");
    mt_buf_puts(&b, "x");
    s = split(state, b.data);
    assert_int_equal(s->ncmds, 1);
    assert_int_equal(s->cmds[0].depth, 2000);
    /* sh -c "sh -c \"...\"" nested deeper than SH_MAX_DEPTH */
    mt_buf_clear(&b);
    mt_buf_puts(&b, "inner");
    for (int k = 0; k < SH_MAX_DEPTH + 2; k++) {
        mt_buf q;
        mt_buf_init(&q);
        mt_buf_puts(&q, "sh -c \"");
        for (size_t j = 0; j < b.len; j++) {
            if (b.data[j] == '"' || b.data[j] == '\\')
                mt_buf_putc(&q, '\\');
            mt_buf_putc(&q, b.data[j]);
        }
        mt_buf_puts(&q, "\"");
        mt_buf_free(&b);
        b = q;
    }
    s = split(state, b.data);
    assert_null(s->error);
    assert_null(find(s, "inner")); /* too deep to be split */
    assert_int_equal(s->ncmds, SH_MAX_DEPTH + 1);
    for (size_t k = 0; k < s->ncmds; k++)
        assert_int_equal(s->cmds[k].depth, (int)k);
    mt_buf_free(&b);
}

static void test_binary_input(void **state)
{
    static const char data[] = "echo a\0b; ls\xff\xfe \x01";
    mt_arena *a = *state;
    sh_script s;
    sh_split(a, data, sizeof(data) - 1, &s);
    assert_true(s.ncmds >= 1);
    assert_string_equal(sh_cmd_name(&s.cmds[0]), "echo");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_words_and_quotes),
        T(test_double_quote_escapes),
        T(test_ansi_c_quotes_and_dollar),
        T(test_line_continuation),
        T(test_operators),
        T(test_subshells_and_groups),
        T(test_command_substitution),
        T(test_nested_substitution),
        T(test_words_beside_substitutions),
        T(test_sh_c_bodies),
        T(test_redirections),
        T(test_heredoc_bodies_skipped),
        T(test_comments),
        T(test_if_while),
        T(test_for_loop),
        T(test_case_esac),
        T(test_functions_and_arithmetic),
        T(test_assignments),
        T(test_wrappers),
        T(test_cmd_helpers),
        T(test_cached_name),
        T(test_prog),
        T(test_has_short),
        T(test_opt_value),
        T(test_next_positional),
        T(test_unterminated),
        T(test_limits),
        T(test_binary_input),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
