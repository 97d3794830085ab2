/* test_df_parse.c — unit tests of the Dockerfile parser (df_parse.h):
 * directives, continuations, comments, CRLF, heredocs, JSON and shell
 * forms, flags, ONBUILD, stages, key/value instructions, ARG/ENV expansion,
 * malformed instructions and positions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "dockerfile/df_parse.h"

#include "arena_fixture.h"

/* ---- fixtures and helpers ---- */


static df_file *parse(void **state, const char *src)
{
    mt_arena *a = *state;
    df_file *f = mt_arena_alloc(a, sizeof(*f));
    df_parse(a, src, strlen(src), f);
    return f;
}

static df_file *parse_n(void **state, const char *src, size_t len)
{
    mt_arena *a = *state;
    df_file *f = mt_arena_alloc(a, sizeof(*f));
    df_parse(a, src, len, f);
    return f;
}

static const df_kv *kv(const df_instr *in, const char *key)
{
    for (size_t k = 0; k < in->nkv; k++) {
        if (strcmp(in->kvs[k].key, key) == 0)
            return &in->kvs[k];
    }
    return NULL;
}

static size_t count_errors(const df_file *f)
{
    size_t n = f->nerrors;
    for (size_t k = 0; k < f->ninstrs; k++)
        n += f->instrs[k]->error != NULL;
    return n;
}

/* Value of a variable as seen by instruction `at`; "<unset>" if none. */
static const char *var(void **state, const df_file *f, size_t at, const char *name)
{
    const char *v = df_var_at(f, at, name, strlen(name), *state);
    return v ? v : "<unset>";
}

static const char *expand_at(void **state, const df_file *f, size_t at, const char *s, bool *unres)
{
    return df_expand_at(f, at, *state, s, unres);
}

/* ---- parser directives ---- */

static void test_directives_syntax_and_escape(void **state)
{
    df_file *f = parse(state, "# syntax=docker/dockerfile:1.7\n# escape=`\nFROM alpine\n");
    assert_string_equal(f->syntax, "docker/dockerfile:1.7");
    assert_int_equal(f->escape, '`');
    assert_int_equal(f->nerrors, 0);
    assert_int_equal(f->ncomments, 0); /* directives are not comments */
    assert_int_equal(f->ninstrs, 1);
    assert_int_equal(f->instrs[0]->line, 3);
}

static void test_directive_spacing_and_case(void **state)
{
    df_file *f = parse(state, "  #  ESCAPE =  `  \nFROM a\n");
    assert_int_equal(f->escape, '`');
    f = parse(state, "#Syntax=x/y\nFROM a\n");
    assert_string_equal(f->syntax, "x/y");
}

static void test_directives_only_at_top(void **state)
{
    df_file *f = parse(state, "FROM alpine\n# escape=`\nRUN a \\\n b\n");
    assert_int_equal(f->escape, '\\');
    assert_int_equal(f->ncomments, 1);
    assert_string_equal(f->comments[0].text, "escape=`");
    assert_int_equal(f->ninstrs, 2);
    assert_string_equal(f->instrs[1]->args, "a  b");

    /* an ordinary comment ends the directives */
    f = parse(state, "# hello\n# escape=`\nFROM a\n");
    assert_int_equal(f->escape, '\\');
    assert_int_equal(f->ncomments, 2);
    /* so does a blank line */
    f = parse(state, "\n# escape=`\nFROM a\n");
    assert_int_equal(f->escape, '\\');
}

static void test_unknown_directive_ends_directives(void **state)
{
    df_file *f = parse(state, "# foo=bar\n# escape=`\nFROM a\n");
    assert_int_equal(f->escape, '\\');
    assert_int_equal(f->ncomments, 2);
    assert_string_equal(f->comments[0].text, "foo=bar");
    assert_int_equal(f->nerrors, 0);
    /* check= is a directive: accepted and skipped */
    f = parse(state, "# check=skip=all\n# escape=`\nFROM a\n");
    assert_int_equal(f->escape, '`');
    assert_int_equal(f->nerrors, 0);
    assert_int_equal(f->ncomments, 0);
}

static void test_invalid_escape_directive(void **state)
{
    df_file *f = parse(state, "# escape=x\nFROM a\n");
    assert_int_equal(f->escape, '\\');
    assert_int_equal(f->nerrors, 1);
    assert_int_equal(f->errors[0].line, 1);
    assert_int_equal(f->errors[0].col, 10);
    assert_non_null(strstr(f->errors[0].msg, "escape"));
    assert_int_equal(f->ninstrs, 1);
    assert_null(f->instrs[0]->error);

    f = parse(state, "# escape=\\\\\nFROM a\n"); /* two characters */
    assert_int_equal(f->nerrors, 1);
}

static void test_duplicate_and_empty_directives(void **state)
{
    df_file *f = parse(state, "# escape=`\n# escape=\\\nFROM a\n");
    assert_int_equal(f->escape, '`'); /* the first one counts */
    assert_int_equal(f->nerrors, 1);
    assert_int_equal(f->errors[0].line, 2);
    assert_non_null(strstr(f->errors[0].msg, "only one escape"));

    /* no value: an ordinary comment */
    f = parse(state, "# escape=\nFROM a\n");
    assert_int_equal(f->nerrors, 0);
    assert_int_equal(f->escape, '\\');
    assert_int_equal(f->ncomments, 1);
}

static void test_byte_order_mark(void **state)
{
    df_file *f = parse(state, "\xef\xbb\xbf# escape=`\nFROM a\n");
    assert_int_equal(f->escape, '`');
    f = parse(state, "\xef\xbb\xbf"
                     "FROM a\n");
    assert_int_equal(f->ninstrs, 1);
    assert_int_equal(f->instrs[0]->kind, DF_FROM);
    assert_null(f->instrs[0]->error);
    assert_int_equal(f->instrs[0]->col, 1);
}

/* ---- continuations, comments, line endings ---- */

static void test_continuation_backslash(void **state)
{
    df_file *f = parse(state, "FROM a\nRUN apt-get update \\\n    && apt-get install -y x\nUSER u\n");
    assert_int_equal(f->ninstrs, 3);
    const df_instr *in = f->instrs[1];
    assert_int_equal(in->line, 2);
    assert_int_equal(in->end_line, 3);
    assert_string_equal(in->args, "apt-get update     && apt-get install -y x");
    assert_string_equal(in->text, "RUN apt-get update     && apt-get install -y x");
    assert_int_equal(f->instrs[2]->line, 4);
    assert_int_equal(f->nlines, 4);
}

static void test_continuation_backtick(void **state)
{
    df_file *f = parse(state, "# escape=`\nFROM a\nRUN dir C:\\ `\n  /w\nWORKDIR C:\\work\\\n");
    assert_int_equal(f->ninstrs, 3);
    assert_string_equal(f->instrs[1]->args, "dir C:\\   /w");
    assert_int_equal(f->instrs[1]->end_line, 4);
    /* a backslash at the end is no continuation with the backtick escape */
    assert_int_equal(f->instrs[2]->kind, DF_WORKDIR);
    assert_string_equal(f->instrs[2]->argv[0], "C:\\work\\");
}

static void test_continuation_trailing_whitespace(void **state)
{
    df_file *f = parse(state, "RUN a \\   \t\n b\n");
    assert_int_equal(f->ninstrs, 1);
    assert_string_equal(f->instrs[0]->args, "a  b");
    assert_int_equal(f->instrs[0]->end_line, 2);
}

static void test_escaped_escape_is_not_continuation(void **state)
{
    df_file *f = parse(state, "RUN echo \\\\\nUSER x\n");
    assert_int_equal(f->ninstrs, 2);
    assert_string_equal(f->instrs[0]->args, "echo \\\\");
    assert_int_equal(f->instrs[0]->end_line, 1);
    assert_int_equal(f->instrs[1]->kind, DF_USER);
}

static void test_comments_and_blanks_in_continuation(void **state)
{
    df_file *f = parse(state, "RUN a \\\n  # note\n\n   \\\n  b \\\n# last\n  c\nUSER u\n");
    assert_int_equal(f->ninstrs, 2);
    const df_instr *in = f->instrs[0];
    assert_int_equal(in->line, 1);
    assert_int_equal(in->end_line, 7);
    assert_non_null(strstr(in->args, "a "));
    assert_null(strstr(in->args, "note"));
    assert_null(strstr(in->args, "last"));
    assert_non_null(strstr(in->args, "  b   c"));
    assert_int_equal(f->ncomments, 2);
    assert_int_equal(f->comments[0].line, 2);
    assert_int_equal(f->comments[0].col, 3);
    assert_string_equal(f->comments[0].text, "note");
    assert_int_equal(f->comments[1].line, 6);
    assert_int_equal(f->instrs[1]->line, 8);
}

static void test_continuation_at_end_of_file(void **state)
{
    df_file *f = parse(state, "RUN a \\\n");
    assert_int_equal(f->ninstrs, 1);
    assert_string_equal(f->instrs[0]->args, "a");
    f = parse(state, "RUN a \\\n# only a comment\n");
    assert_int_equal(f->ninstrs, 1);
    assert_int_equal(f->ncomments, 1);
}

static void test_crlf_input(void **state)
{
    df_file *f = parse(state, "# escape=\\\r\nFROM a AS b\r\nRUN x \\\r\n  y\r\nRUN <<EOF\r\nbody\r\nEOF\r\nUSER u\r\n");
    assert_int_equal(f->nerrors, 0);
    assert_int_equal(f->ninstrs, 4);
    assert_string_equal(f->stages[0]->name, "b");
    assert_string_equal(f->instrs[1]->args, "x   y");
    assert_int_equal(f->instrs[1]->end_line, 4);
    const df_instr *h = f->instrs[2];
    assert_null(h->error);
    assert_int_equal(h->nheredocs, 1);
    assert_string_equal(h->heredocs[0].body, "body\n");
    assert_int_equal(h->heredocs[0].end_line, 7);
    assert_string_equal(f->instrs[3]->args, "u");
    assert_int_equal(f->instrs[3]->line, 8);
}

static void test_lone_cr_is_not_a_line_break(void **state)
{
    df_file *f = parse(state, "RUN a\rb\nUSER u\n");
    assert_int_equal(f->ninstrs, 2);
    assert_int_equal(f->nlines, 2);
    assert_int_equal(f->instrs[1]->line, 2);
}

static void test_comment_text_and_position(void **state)
{
    df_file *f = parse(state, "FROM a\n   #   spaced text   \n#\n");
    assert_int_equal(f->ncomments, 2);
    assert_int_equal(f->comments[0].line, 2);
    assert_int_equal(f->comments[0].col, 4);
    assert_string_equal(f->comments[0].text, "spaced text");
    assert_string_equal(f->comments[1].text, "");
}

/* ---- heredocs ---- */

static void test_heredoc_basic(void **state)
{
    df_file *f = parse(state, "FROM a\nRUN <<EOF\napt-get update\n  echo $HOME\nEOF\nUSER u\n");
    assert_int_equal(f->ninstrs, 3);
    const df_instr *in = f->instrs[1];
    assert_null(in->error);
    assert_int_equal(in->nheredocs, 1);
    assert_string_equal(in->heredocs[0].word, "EOF");
    assert_false(in->heredocs[0].quoted);
    assert_false(in->heredocs[0].strip_tabs);
    assert_string_equal(in->heredocs[0].body, "apt-get update\n  echo $HOME\n");
    assert_int_equal(in->heredocs[0].start_line, 3);
    assert_int_equal(in->heredocs[0].end_line, 5);
    assert_int_equal(in->line, 2);
    assert_int_equal(in->end_line, 5);
    assert_string_equal(in->args, "<<EOF");
    assert_int_equal(f->instrs[2]->line, 6);
}

static void test_heredoc_strip_tabs(void **state)
{
    df_file *f = parse(state, "RUN <<-END\n\t\techo a\n\t  b\n\tEND\nUSER u\n");
    const df_instr *in = f->instrs[0];
    assert_int_equal(in->nheredocs, 1);
    assert_true(in->heredocs[0].strip_tabs);
    assert_string_equal(in->heredocs[0].word, "END");
    assert_string_equal(in->heredocs[0].body, "echo a\n  b\n");
    assert_int_equal(in->end_line, 4);
    assert_int_equal(f->ninstrs, 2);
    /* without '-' a tab-indented terminator does not end the body */
    f = parse(state, "RUN <<END\n\tEND\nEND\n");
    assert_int_equal(f->instrs[0]->nheredocs, 1);
    assert_string_equal(f->instrs[0]->heredocs[0].body, "\tEND\n");
}

static void test_heredoc_quoted(void **state)
{
    df_file *f = parse(state, "RUN <<\"EOF\"\n$X\nEOF\nRUN <<'E2'\n$Y\nE2\nRUN <<E\"3\"\nz\nE3\n");
    assert_int_equal(f->ninstrs, 3);
    assert_true(f->instrs[0]->heredocs[0].quoted);
    assert_string_equal(f->instrs[0]->heredocs[0].word, "EOF");
    assert_string_equal(f->instrs[0]->heredocs[0].body, "$X\n");
    assert_true(f->instrs[1]->heredocs[0].quoted);
    assert_string_equal(f->instrs[1]->heredocs[0].word, "E2");
    assert_true(f->instrs[2]->heredocs[0].quoted);
    assert_string_equal(f->instrs[2]->heredocs[0].word, "E3");
}

static void test_heredoc_several_per_line(void **state)
{
    df_file *f = parse(state, "COPY <<A <<B /dst/\nfirst\nA\nsecond\nsecond2\nB\nUSER u\n");
    assert_int_equal(f->ninstrs, 2);
    const df_instr *in = f->instrs[0];
    assert_null(in->error);
    assert_int_equal(in->nheredocs, 2);
    assert_string_equal(in->heredocs[0].word, "A");
    assert_string_equal(in->heredocs[0].body, "first\n");
    assert_int_equal(in->heredocs[0].start_line, 2);
    assert_int_equal(in->heredocs[0].end_line, 3);
    assert_string_equal(in->heredocs[1].word, "B");
    assert_string_equal(in->heredocs[1].body, "second\nsecond2\n");
    assert_int_equal(in->heredocs[1].start_line, 4);
    assert_int_equal(in->heredocs[1].end_line, 6);
    assert_int_equal(in->end_line, 6);
    assert_int_equal(in->argc, 3);
    assert_string_equal(in->argv[2], "/dst/");
    assert_int_equal(f->instrs[1]->line, 7);
}

static void test_heredoc_with_command_and_redirect(void **state)
{
    df_file *f = parse(state, "RUN python3 <<PY > /out\nprint(1)\nPY\nRUN 3<<X cat /dev/fd/3\nx\nX\n");
    assert_int_equal(f->ninstrs, 2);
    assert_int_equal(f->instrs[0]->nheredocs, 1);
    assert_string_equal(f->instrs[0]->heredocs[0].word, "PY");
    assert_int_equal(f->instrs[1]->nheredocs, 1);
    assert_string_equal(f->instrs[1]->heredocs[0].word, "X");
}

static void test_heredoc_unterminated(void **state)
{
    df_file *f = parse(state, "FROM a\nRUN <<EOF\necho a\nUSER u\n");
    assert_int_equal(f->ninstrs, 2);
    const df_instr *in = f->instrs[1];
    assert_non_null(in->error);
    assert_non_null(strstr(in->error, "EOF"));
    assert_int_equal(in->nheredocs, 1);
    assert_string_equal(in->heredocs[0].body, "echo a\nUSER u\n");
    assert_int_equal(in->heredocs[0].end_line, 4);
    assert_int_equal(in->end_line, 4);
}

static void test_heredoc_needs_word_after_marker(void **state)
{
    /* BuildKit reads `<< EOF` (space) and `cat<<EOF` as plain words: the
     * body lines become instructions, which is what Docker reports too */
    df_file *f = parse(state, "RUN cat << EOF\nhello\nEOF\nUSER u\n");
    assert_int_equal(f->instrs[0]->nheredocs, 0);
    assert_null(f->instrs[0]->error);
    assert_int_equal(f->ninstrs, 4);
    assert_int_equal(f->instrs[1]->kind, DF_UNKNOWN);
    assert_non_null(strstr(f->instrs[1]->error, "<<EOF"));
    assert_int_equal(f->instrs[2]->kind, DF_UNKNOWN);
    assert_null(f->instrs[3]->error);

    f = parse(state, "RUN cat<<EOF\n");
    assert_int_equal(f->instrs[0]->nheredocs, 0);
    /* a quoted marker is no heredoc either */
    f = parse(state, "RUN echo '<<EOF'\nUSER u\n");
    assert_int_equal(f->instrs[0]->nheredocs, 0);
    assert_int_equal(f->ninstrs, 2);
}

static void test_heredoc_not_in_json_or_other_instructions(void **state)
{
    df_file *f = parse(state, "RUN [\"cat\", \"<<EOF\"]\nUSER u\nCMD <<EOF\n");
    assert_true(f->instrs[0]->json);
    assert_int_equal(f->instrs[0]->nheredocs, 0);
    assert_int_equal(f->ninstrs, 3);
    assert_int_equal(f->instrs[2]->nheredocs, 0);
}

static void test_heredoc_in_onbuild(void **state)
{
    df_file *f = parse(state, "FROM a\nONBUILD RUN <<EOF\necho hi\nEOF\nUSER u\n");
    assert_int_equal(f->ninstrs, 3);
    const df_instr *in = f->instrs[1];
    assert_null(in->error);
    assert_non_null(in->trigger);
    assert_int_equal(in->trigger->nheredocs, 1);
    assert_string_equal(in->trigger->heredocs[0].body, "echo hi\n");
    assert_int_equal(in->end_line, 4);
    assert_int_equal(in->trigger->end_line, 4);
    assert_int_equal(f->instrs[2]->line, 5);
}

static void test_heredoc_after_continuation(void **state)
{
    df_file *f = parse(state, "RUN --mount=type=cache,target=/c \\\n    <<EOF\nls\nEOF\n");
    assert_int_equal(f->ninstrs, 1);
    const df_instr *in = f->instrs[0];
    assert_int_equal(in->nheredocs, 1);
    assert_int_equal(in->heredocs[0].start_line, 3);
    assert_int_equal(in->end_line, 4);
    assert_string_equal(df_flag_get(in, "mount"), "type=cache,target=/c");
}

/* ---- JSON and shell forms ---- */

static void test_json_form(void **state)
{
    df_file *f = parse(state, "CMD [ \"nginx\", \"-g\" , \"daemon off;\" ]\nENTRYPOINT []\n");
    const df_instr *in = f->instrs[0];
    assert_true(in->json);
    assert_null(in->error);
    assert_int_equal(in->argc, 3);
    assert_string_equal(in->argv[0], "nginx");
    assert_string_equal(in->argv[2], "daemon off;");
    assert_null(in->argv[3]);
    assert_true(f->instrs[1]->json);
    assert_int_equal(f->instrs[1]->argc, 0);
}

static void test_json_escapes(void **state)
{
    df_file *f = parse(state, "RUN [\"a\\\"b\", \"c\\\\d\", \"\\/\\t\\n\", \"\\u00e9\\u20ac\"]\n"
                              "RUN [\"\\ud83d\\ude00\", \"\\ud800x\"]\n");
    const df_instr *in = f->instrs[0];
    assert_true(in->json);
    assert_string_equal(in->argv[0], "a\"b");
    assert_string_equal(in->argv[1], "c\\d");
    assert_string_equal(in->argv[2], "/\t\n");
    assert_string_equal(in->argv[3], "\xc3\xa9\xe2\x82\xac");
    in = f->instrs[1];
    assert_true(in->json);
    assert_string_equal(in->argv[0], "\xf0\x9f\x98\x80"); /* surrogate pair */
    assert_string_equal(in->argv[1], "\xef\xbf\xbdx");    /* lone surrogate */
}

static void test_invalid_json_is_shell_form(void **state)
{
    static const char *const bad[] = {
        "CMD [a, b]\n",       "CMD [\"a\",]\n",   "CMD [\"a\"] extra\n", "CMD [\"a\\q\"]\n",
        "CMD [\"a\" \"b\"]\n", "CMD [\"unterminated]\n", "CMD ['single']\n",   "CMD [\"\\u12\"]\n",
    };
    for (size_t k = 0; k < sizeof(bad) / sizeof(bad[0]); k++) {
        df_file *f = parse(state, bad[k]);
        assert_int_equal(f->ninstrs, 1);
        assert_false(f->instrs[0]->json);
        assert_null(f->instrs[0]->error);
        assert_true(f->instrs[0]->argc >= 1);
    }
    df_file *f = parse(state, "CMD ['single']\n");
    assert_string_equal(f->instrs[0]->argv[0], "[single]");
}

static void test_json_with_non_strings_is_an_error(void **state)
{
    df_file *f = parse(state, "CMD [\"a\", 1]\nRUN [true, null, {\"k\": [1.5e3]}]\nUSER u\n");
    assert_int_equal(f->ninstrs, 3);
    assert_false(f->instrs[0]->json);
    assert_non_null(strstr(f->instrs[0]->error, "strings"));
    assert_non_null(f->instrs[1]->error);
    assert_null(f->instrs[2]->error);
}

static void test_shell_form_words(void **state)
{
    df_file *f = parse(state, "CMD echo \"a b\" 'c d' e\\ f\nSHELL /bin/sh -c\n");
    const df_instr *in = f->instrs[0];
    assert_false(in->json);
    assert_string_equal(in->args, "echo \"a b\" 'c d' e\\ f");
    assert_int_equal(in->argc, 4);
    assert_string_equal(in->argv[1], "a b");
    assert_string_equal(in->argv[2], "c d");
    assert_string_equal(in->argv[3], "e f");
    assert_non_null(f->instrs[1]->error); /* SHELL wants JSON */
}

/* ---- flags ---- */

static void test_run_flags(void **state)
{
    df_file *f = parse(state, "RUN --mount=type=cache,target=/root/.cache --mount=type=secret,id=x "
                              "--network=none --security=insecure pip install x\n");
    const df_instr *in = f->instrs[0];
    assert_null(in->error);
    assert_int_equal(in->nflags, 4);
    assert_string_equal(in->flags[0].name, "mount");
    assert_string_equal(in->flags[0].value, "type=cache,target=/root/.cache");
    assert_string_equal(in->flags[1].value, "type=secret,id=x");
    assert_string_equal(df_flag_get(in, "mount"), "type=cache,target=/root/.cache");
    assert_string_equal(df_flag_get(in, "network"), "none");
    assert_string_equal(df_flag_get(in, "security"), "insecure");
    assert_null(df_flag_get(in, "from"));
    assert_string_equal(in->args, "pip install x");
    /* a shell-form RUN is a script (sh_split reads args): no words */
    assert_int_equal(in->argc, 0);
    assert_non_null(in->argv);
    assert_null(in->argv[0]);
}

static void test_copy_add_from_flags(void **state)
{
    df_file *f = parse(state, "FROM --platform=$BUILDPLATFORM golang AS b\n"
                              "COPY --from=b --chown=app:app --chmod=0755 --link /src /dst\n"
                              "ADD --checksum=sha256:abc --link=false https://x/y /y\n"
                              "COPY --chown=\"a b\" x y\n");
    assert_int_equal(count_errors(f), 0);
    assert_string_equal(df_flag_get(f->instrs[0], "platform"), "$BUILDPLATFORM");
    assert_string_equal(f->stages[0]->platform, "$BUILDPLATFORM");
    const df_instr *c = f->instrs[1];
    assert_int_equal(c->nflags, 4);
    assert_string_equal(df_flag_get(c, "from"), "b");
    assert_string_equal(df_flag_get(c, "chown"), "app:app");
    assert_string_equal(df_flag_get(c, "chmod"), "0755");
    assert_null(c->flags[3].value);
    assert_string_equal(df_flag_get(c, "link"), "");
    assert_int_equal(c->argc, 2);
    assert_string_equal(df_flag_get(f->instrs[2], "checksum"), "sha256:abc");
    assert_string_equal(df_flag_get(f->instrs[3], "chown"), "a b");
}

static void test_flag_errors(void **state)
{
    df_file *f = parse(state, "COPY --chown user:group a b\n"
                              "COPY --link --link a b\n"
                              "COPY --frm=x a b\n"
                              "ADD --link=maybe a b\n"
                              "RUN --network=bogus x\n"
                              "CMD --verbose run\n"
                              "FROM --platform linux/amd64 a\n"
                              "USER ok\n");
    assert_int_equal(f->ninstrs, 8);
    assert_non_null(strstr(f->instrs[0]->error, "missing a value"));
    assert_non_null(strstr(f->instrs[1]->error, "duplicate"));
    assert_non_null(strstr(f->instrs[2]->error, "unknown flag: --frm"));
    assert_non_null(strstr(f->instrs[3]->error, "boolean"));
    assert_non_null(strstr(f->instrs[4]->error, "network"));
    assert_non_null(strstr(f->instrs[5]->error, "unknown flag"));
    assert_non_null(strstr(f->instrs[6]->error, "missing a value"));
    assert_null(f->instrs[7]->error);
}

static void test_double_dash_ends_flags(void **state)
{
    df_file *f = parse(state, "RUN --network=host -- --not-a-flag\n");
    const df_instr *in = f->instrs[0];
    assert_null(in->error);
    assert_int_equal(in->nflags, 1);
    assert_string_equal(in->args, "--not-a-flag");
}

static void test_healthcheck(void **state)
{
    df_file *f = parse(state, "HEALTHCHECK --interval=30s --timeout=1m30s --start-period=0.5s "
                              "--retries=3 CMD curl -f http://localhost/\n"
                              "HEALTHCHECK NONE\n"
                              "HEALTHCHECK CMD [\"/bin/check\"]\n"
                              "HEALTHCHECK --interval=5 CMD x\n"
                              "HEALTHCHECK --retries=-1 CMD x\n"
                              "HEALTHCHECK NONE extra\n"
                              "HEALTHCHECK CMD\n"
                              "HEALTHCHECK PING x\n"
                              "HEALTHCHECK\n");
    assert_int_equal(f->ninstrs, 9);
    for (int k = 0; k < 3; k++)
        assert_null(f->instrs[k]->error);
    assert_string_equal(df_flag_get(f->instrs[0], "timeout"), "1m30s");
    assert_string_equal(f->instrs[0]->argv[0], "CMD");
    for (int k = 3; k < 9; k++)
        assert_non_null(f->instrs[k]->error);
}

/* ---- ONBUILD ---- */

static void test_onbuild_trigger(void **state)
{
    df_file *f = parse(state, "FROM a\nONBUILD RUN --mount=type=cache,target=/x make\nONBUILD "
                              "COPY . /app\n");
    const df_instr *in = f->instrs[1];
    assert_int_equal(in->kind, DF_ONBUILD);
    assert_null(in->error);
    assert_non_null(in->trigger);
    assert_int_equal(in->trigger->kind, DF_RUN);
    assert_string_equal(in->trigger->keyword, "RUN");
    assert_string_equal(in->trigger->args, "make");
    assert_string_equal(df_flag_get(in->trigger, "mount"), "type=cache,target=/x");
    assert_int_equal(in->trigger->line, 2);
    assert_int_equal(in->trigger->col, 9);
    assert_int_equal(in->trigger->stage, 0);
    assert_int_equal(f->instrs[2]->trigger->kind, DF_COPY);
    assert_int_equal(f->instrs[2]->trigger->argc, 2);
}

static void test_onbuild_errors(void **state)
{
    df_file *f = parse(state, "ONBUILD ONBUILD RUN x\nONBUILD\nONBUILD FOO bar\nONBUILD RUN\n");
    assert_int_equal(f->ninstrs, 4);
    assert_non_null(f->instrs[0]->trigger);
    assert_non_null(f->instrs[0]->trigger->error); /* nested */
    assert_non_null(f->instrs[1]->error);
    assert_null(f->instrs[1]->trigger);
    assert_non_null(f->instrs[2]->trigger->error);
    assert_int_equal(f->instrs[2]->trigger->kind, DF_UNKNOWN);
    assert_non_null(f->instrs[3]->trigger->error);
}

/* ---- stages ---- */

static void test_stages_and_aliases(void **state)
{
    df_file *f = parse(state, "ARG V=1\n"
                              "FROM golang:1.22 As Build\n"
                              "RUN go build\n"
                              "FROM build AS test\n"
                              "RUN go test\n"
                              "FROM BUILD as final\n"
                              "COPY --from=build /x /x\n"
                              "FROM scratch\n");
    assert_int_equal(count_errors(f), 0);
    assert_int_equal(f->nstages, 4);
    assert_string_equal(f->stages[0]->name, "build");
    assert_string_equal(f->stages[0]->image, "golang:1.22");
    assert_string_equal(f->stages[0]->image_resolved, "golang:1.22");
    assert_int_equal(f->stages[0]->parent, -1);
    assert_int_equal(f->stages[0]->first, 1);
    assert_int_equal(f->stages[0]->last, 2);
    assert_ptr_equal(f->stages[0]->from, f->instrs[1]);
    assert_int_equal(f->stages[1]->parent, 0);
    assert_int_equal(f->stages[2]->parent, 0); /* FROM BUILD: case-insensitive */
    assert_string_equal(f->stages[2]->name, "final");
    assert_null(f->stages[3]->name);
    assert_int_equal(f->stages[3]->parent, -1);
    assert_int_equal(f->stages[3]->first, 7);
    assert_int_equal(f->stages[3]->last, 7);
    assert_int_equal(f->instrs[0]->stage, -1);
    assert_int_equal(f->instrs[1]->stage, 0);
    assert_int_equal(f->instrs[2]->stage, 0);
    assert_int_equal(f->instrs[6]->stage, 2);
    for (size_t k = 0; k < f->nstages; k++)
        assert_int_equal(f->stages[k]->index, (int)k);
}

static void test_stage_parent_only_earlier(void **state)
{
    /* a stage cannot build on itself or on a later stage */
    df_file *f = parse(state, "FROM later AS first\nFROM a AS later\nFROM first AS x\nFROM x AS x\n");
    assert_int_equal(f->stages[0]->parent, -1);
    assert_int_equal(f->stages[2]->parent, 0);
    assert_int_equal(f->stages[3]->parent, 2);
}

static void test_from_errors(void **state)
{
    df_file *f = parse(state, "FROM a b\nFROM a AS\nFROM a AS b c\nFROM a AS 1st\nFROM a AS b$c\nFROM\n"
                              "FROM a AS ok-name_1.2\n");
    assert_int_equal(f->ninstrs, 7);
    for (int k = 0; k < 6; k++)
        assert_non_null(f->instrs[k]->error);
    assert_null(f->instrs[6]->error);
    assert_int_equal(f->nstages, 7);
    assert_string_equal(f->stages[6]->name, "ok-name_1.2");
    assert_null(f->stages[0]->name);
    assert_string_equal(f->stages[5]->image, "");
}

/* ---- ENV, LABEL, ARG ---- */

static void test_env_key_value(void **state)
{
    df_file *f = parse(state, "ENV A=1 B=\"two words\" C='single $x' D=e\\ f E= F=\"q\\\"uote\"\n");
    const df_instr *in = f->instrs[0];
    assert_null(in->error);
    assert_int_equal(in->nkv, 6);
    assert_string_equal(kv(in, "A")->value, "1");
    assert_string_equal(kv(in, "B")->value, "two words");
    assert_string_equal(kv(in, "C")->value, "single \\$x"); /* the '$' stays literal */
    assert_string_equal(kv(in, "D")->value, "e f");
    assert_string_equal(kv(in, "E")->value, "");
    assert_string_equal(kv(in, "F")->value, "q\"uote");
    assert_int_equal(kv(in, "A")->line, 1);
    assert_int_equal(in->argc, 0); /* the pairs are the words */
    assert_null(in->argv[0]);
    assert_string_equal(in->kvs[0].key, "A"); /* in order */
    assert_string_equal(in->kvs[5].key, "F");
}

static void test_env_legacy_form(void **state)
{
    df_file *f = parse(state, "ENV PATH /usr/local/bin:$PATH\nENV MSG  \"hello   world\" and more\nLABEL "
                              "maintainer someone@example.com\n");
    const df_instr *in = f->instrs[0];
    assert_null(in->error);
    assert_int_equal(in->nkv, 1);
    assert_string_equal(in->kvs[0].key, "PATH");
    assert_string_equal(in->kvs[0].value, "/usr/local/bin:$PATH");
    in = f->instrs[1];
    assert_string_equal(in->kvs[0].value, "hello   world and more");
    assert_string_equal(f->instrs[2]->kvs[0].key, "maintainer");
    assert_string_equal(f->instrs[2]->kvs[0].value, "someone@example.com");
}

static void test_env_label_errors(void **state)
{
    df_file *f = parse(state, "ENV ONLYKEY\nENV A=1 B\nENV =x\nLABEL\nLABEL a=1 b\nENV A=1\n");
    assert_int_equal(f->ninstrs, 6);
    for (int k = 0; k < 5; k++)
        assert_non_null(f->instrs[k]->error);
    assert_null(f->instrs[5]->error);
}

static void test_label_quotes(void **state)
{
    df_file *f = parse(state, "LABEL \"com.example.vendor\"=\"ACME Inc\" version=1.0 "
                              "description=\"multi \\\n word\"\n");
    const df_instr *in = f->instrs[0];
    assert_null(in->error);
    assert_int_equal(in->nkv, 3);
    assert_string_equal(in->kvs[0].key, "com.example.vendor");
    assert_string_equal(in->kvs[0].value, "ACME Inc");
    assert_string_equal(in->kvs[1].value, "1.0");
    assert_string_equal(in->kvs[2].value, "multi  word");
}

static void test_arg_forms(void **state)
{
    df_file *f = parse(state, "ARG A\nARG B=2 C D=\"x y\"\nARG E=\nARG =bad\n");
    assert_null(f->instrs[0]->error);
    assert_int_equal(f->instrs[0]->nkv, 1);
    assert_string_equal(f->instrs[0]->kvs[0].key, "A");
    assert_null(f->instrs[0]->kvs[0].value);
    const df_instr *in = f->instrs[1];
    assert_null(in->error);
    assert_int_equal(in->nkv, 3);
    assert_string_equal(kv(in, "B")->value, "2");
    assert_null(kv(in, "C")->value);
    assert_string_equal(kv(in, "D")->value, "x y");
    assert_string_equal(kv(f->instrs[2], "E")->value, "");
    assert_non_null(f->instrs[3]->error);
}

/* ---- expansion ---- */

static const char *test_lookup(void *ud, const char *name, size_t len)
{
    (void)ud;
    static const char *const vars[][2] = {{"SET", "value"}, {"EMPTY", ""}, {"DIR", "/opt"}};
    for (size_t k = 0; k < sizeof(vars) / sizeof(vars[0]); k++) {
        if (strlen(vars[k][0]) == len && memcmp(vars[k][0], name, len) == 0)
            return vars[k][1];
    }
    return NULL;
}

static void expect_expand(void **state, const char *in, const char *out, bool unresolved)
{
    bool u = !unresolved;
    char *r = df_expand(*state, in, '\\', test_lookup, NULL, &u);
    assert_string_equal(r, out);
    if (u != unresolved)
        fail_msg("%s: unresolved is %d, want %d", in, u, unresolved);
}

static void test_df_expand(void **state)
{
    expect_expand(state, "$SET", "value", false);
    expect_expand(state, "${SET}", "value", false);
    expect_expand(state, "a${DIR}/b$SET.c", "a/opt/bvalue.c", false);
    expect_expand(state, "$UNKNOWN", "", true);
    expect_expand(state, "${UNKNOWN}x", "x", true);
    expect_expand(state, "${UNKNOWN:-dflt}", "dflt", false);
    expect_expand(state, "${UNKNOWN-dflt}", "dflt", false);
    expect_expand(state, "${EMPTY:-dflt}", "dflt", false);
    expect_expand(state, "${EMPTY-dflt}", "", false);
    expect_expand(state, "${SET:-dflt}", "value", false);
    expect_expand(state, "${SET:+alt}", "alt", false);
    expect_expand(state, "${SET+alt}", "alt", false);
    expect_expand(state, "${EMPTY:+alt}", "", false);
    expect_expand(state, "${EMPTY+alt}", "alt", false);
    expect_expand(state, "${UNKNOWN:+alt}", "", false);
    expect_expand(state, "${UNKNOWN:-${DIR}/x}", "/opt/x", false);
    expect_expand(state, "${UNKNOWN:-$ALSO}", "", true);
    expect_expand(state, "${SET:?must be set}", "value", false);
    expect_expand(state, "${UNKNOWN:?must be set}", "", true);
    expect_expand(state, "\\$SET", "$SET", false);
    expect_expand(state, "a\\${SET}", "a${SET}", false);
    expect_expand(state, "${#SET}", "", true);
    expect_expand(state, "${SET/a/b}", "", true);
    expect_expand(state, "${SET", "${SET", true);
    expect_expand(state, "price: $5 and $", "price: $5 and $", false);
    expect_expand(state, "", "", false);

    /* with the backtick escape a backslash is literal */
    bool u = false;
    assert_string_equal(df_expand(*state, "`$SET \\$SET", '`', test_lookup, NULL, &u), "$SET \\value");
    assert_false(u);
    /* *unresolved may be NULL */
    assert_string_equal(df_expand(*state, "$X", '\\', test_lookup, NULL, NULL), "");
}

static void test_global_arg_in_from(void **state)
{
    df_file *f = parse(state, "ARG REG=docker.io\nARG TAG=3.19\nARG NOVAL\n"
                              "FROM ${REG}/library/alpine:${TAG} AS base\n"
                              "FROM $NOVAL\n"
                              "FROM ${NOVAL:-debian}:${TAG}\n");
    assert_int_equal(count_errors(f), 0);
    assert_string_equal(f->stages[0]->image, "${REG}/library/alpine:${TAG}");
    assert_string_equal(f->stages[0]->image_resolved, "docker.io/library/alpine:3.19");
    assert_null(f->stages[1]->image_resolved);
    assert_string_equal(f->stages[2]->image_resolved, "debian:3.19");
    bool u = true;
    assert_string_equal(expand_at(state, f, 3, "$TAG", &u), "3.19");
    assert_false(u);
}

static void test_from_sees_only_global_args(void **state)
{
    df_file *f = parse(state, "ARG V=1\nFROM a:$V\nARG V=2\nENV W=3\nFROM b:$V$W\n");
    assert_string_equal(f->stages[0]->image_resolved, "a:1");
    assert_null(f->stages[1]->image_resolved); /* W is not global */
    bool u = true;
    assert_string_equal(expand_at(state, f, 4, "$V", &u), "1");
    assert_false(u);
    /* inside the stage, the stage's own ARG */
    assert_string_equal(var(state, f, 3, "V"), "2");
}

static void test_stage_args(void **state)
{
    df_file *f = parse(state, "ARG VERSION=1.2\nARG OTHER=o\n"
                              "FROM a\n"                 /* 2 */
                              "RUN echo\n"               /* 3: VERSION not declared yet */
                              "ARG VERSION\n"            /* 4: takes the global default */
                              "RUN echo\n"               /* 5 */
                              "ARG LOCAL=l-$VERSION\n"   /* 6 */
                              "ARG LOCAL\n"              /* 7: no global: keeps l-1.2 */
                              "RUN echo\n");             /* 8 */
    assert_string_equal(var(state, f, 3, "VERSION"), "<unset>");
    assert_string_equal(var(state, f, 5, "VERSION"), "1.2");
    assert_string_equal(var(state, f, 5, "OTHER"), "<unset>"); /* never redeclared */
    assert_string_equal(var(state, f, 8, "LOCAL"), "l-1.2");
    bool u = false;
    expand_at(state, f, 3, "$VERSION", &u);
    assert_true(u);
}

static void test_env_inherited_args_not(void **state)
{
    df_file *f = parse(state, "ARG G=g\n"
                              "FROM a AS base\n"      /* 1 */
                              "ARG G\n"               /* 2 */
                              "ARG LOCAL=x\n"         /* 3 */
                              "ENV HOME_DIR=/home/$G\n" /* 4 */
                              "FROM base AS child\n"  /* 5 */
                              "RUN echo\n"            /* 6 */
                              "ENV HOME_DIR=/srv\n"   /* 7 */
                              "RUN echo\n"            /* 8 */
                              "FROM a\n"              /* 9 */
                              "RUN echo\n");          /* 10 */
    assert_string_equal(var(state, f, 6, "HOME_DIR"), "/home/g");
    assert_string_equal(var(state, f, 6, "LOCAL"), "<unset>");
    assert_string_equal(var(state, f, 6, "G"), "<unset>");
    assert_string_equal(var(state, f, 8, "HOME_DIR"), "/srv");
    assert_string_equal(var(state, f, 10, "HOME_DIR"), "<unset>");
    assert_int_equal(f->stages[1]->parent, 0);
}

static void test_env_escaped_and_quoted_dollars(void **state)
{
    df_file *f = parse(state, "FROM a\nENV HOME=/root\nENV A=\\$HOME B='$HOME' C=\"\\$HOME\" D=$HOME "
                              "E=\"${HOME}/x\"\nENV F=$A\nRUN x\n");
    assert_string_equal(var(state, f, 4, "A"), "$HOME");
    assert_string_equal(var(state, f, 4, "B"), "$HOME");
    assert_string_equal(var(state, f, 4, "C"), "$HOME");
    assert_string_equal(var(state, f, 4, "D"), "/root");
    assert_string_equal(var(state, f, 4, "E"), "/root/x");
    assert_string_equal(var(state, f, 4, "F"), "$HOME"); /* not expanded twice */
}

static void test_env_and_arg_same_name(void **state)
{
    df_file *f = parse(state, "FROM a\nARG V=arg\nENV V=env\nRUN x\n");
    assert_string_equal(var(state, f, 3, "V"), "env");
}

static void test_expansion_is_bounded(void **state)
{
    /* each variable doubles the previous one: without a bound, resolving
     * the last would take 2^40 lookups */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "ARG V0=x\n");
    for (int k = 1; k <= 40; k++)
        mt_buf_printf(&b, "ARG V%d=$V%d$V%d$V%d\n", k, k - 1, k - 1, k - 1);
    mt_buf_puts(&b, "FROM img:$V40\n");
    df_file *f = parse(state, b.data);
    mt_buf_free(&b);
    assert_int_equal(f->nstages, 1);
    /* resolved or not, it returns */
    (void)f->stages[0]->image_resolved;

    /* a long but linear chain still resolves */
    mt_buf_init(&b);
    mt_buf_puts(&b, "FROM a\nENV V0=.\n");
    for (int k = 1; k <= 60; k++)
        mt_buf_printf(&b, "RUN step\nENV V%d=${V%d}x\n", k, k - 1);
    mt_buf_puts(&b, "RUN end\n");
    f = parse(state, b.data);
    mt_buf_free(&b);
    const char *v = var(state, f, f->ninstrs - 1, "V60");
    assert_int_equal(strlen(v), 61);
    assert_int_equal(v[0], '.');
    assert_int_equal(v[60], 'x');

    /* a chain deeper than any real file: unresolved, and no stack blowup */
    mt_buf_init(&b);
    mt_buf_puts(&b, "FROM a\nENV P=/bin\n");
    for (int k = 0; k < 3000; k++)
        mt_buf_puts(&b, "ENV P=/x:$P\n");
    mt_buf_puts(&b, "RUN end\n");
    f = parse(state, b.data);
    mt_buf_free(&b);
    assert_string_equal(var(state, f, f->ninstrs - 1, "P"), "<unset>");
    assert_non_null(strstr(var(state, f, 100, "P"), "/x:/x:/bin"));
}

/* ---- malformed instructions, positions ---- */

static void test_malformed_instructions_continue(void **state)
{
    df_file *f = parse(state, "FROM alpine\n  FOO bar\nRUN\nCOPY onlyone\nUSER app\n");
    assert_int_equal(f->ninstrs, 5);
    const df_instr *in = f->instrs[1];
    assert_int_equal(in->kind, DF_UNKNOWN);
    assert_string_equal(in->keyword, "FOO");
    assert_string_equal(in->args, "bar");
    assert_non_null(strstr(in->error, "FOO"));
    assert_int_equal(in->line, 2);
    assert_int_equal(in->col, 3);
    assert_non_null(strstr(f->instrs[2]->error, "at least one argument"));
    assert_non_null(f->instrs[3]->error);
    assert_null(f->instrs[4]->error);
    assert_int_equal(f->instrs[4]->kind, DF_USER);
    assert_int_equal(f->instrs[4]->line, 5);
    assert_int_equal(f->instrs[4]->stage, 0);
}

static void test_keywords_case_insensitive(void **state)
{
    df_file *f = parse(state, "from alpine as Base\nRun echo\nworkdir /x\n");
    assert_int_equal(count_errors(f), 0);
    assert_string_equal(f->instrs[0]->keyword, "FROM");
    assert_int_equal(f->instrs[1]->kind, DF_RUN);
    assert_string_equal(f->instrs[1]->keyword, "RUN");
    assert_string_equal(f->stages[0]->name, "base");
    assert_int_equal(df_kind_from_name("healthcheck"), DF_HEALTHCHECK);
    assert_int_equal(df_kind_from_name("nope"), DF_UNKNOWN);
}

static void test_positions(void **state)
{
    df_file *f = parse(state, "\n\n  FROM a\n\t RUN x \\\n\n  y\n# c\nUSER u\n");
    assert_int_equal(f->ninstrs, 3);
    assert_int_equal(f->instrs[0]->line, 3);
    assert_int_equal(f->instrs[0]->end_line, 3);
    assert_int_equal(f->instrs[0]->col, 3);
    assert_int_equal(f->instrs[1]->line, 4);
    assert_int_equal(f->instrs[1]->end_line, 6);
    assert_int_equal(f->instrs[1]->col, 3);
    assert_int_equal(f->instrs[2]->line, 8);
    assert_int_equal(f->nlines, 8);
}

static void test_empty_and_odd_input(void **state)
{
    df_file *f = parse(state, "");
    assert_int_equal(f->ninstrs, 0);
    assert_int_equal(f->nlines, 0);
    assert_non_null(f->instrs);
    f = parse(state, "\n\n# only comments\n");
    assert_int_equal(f->ninstrs, 0);
    assert_int_equal(f->ncomments, 1);
    static const char nul[] = "FROM a\nRUN x\0y\nUSER u\n";
    f = parse_n(state, nul, sizeof(nul) - 1);
    assert_int_equal(f->ninstrs, 3);
    assert_string_equal(f->instrs[1]->args, "x");
    f = parse(state, "\\\nRUN x\n");
    assert_int_equal(f->ninstrs, 1);
    assert_int_equal(f->instrs[0]->kind, DF_RUN);
    assert_int_equal(f->instrs[0]->line, 1);
}

static void test_other_instructions(void **state)
{
    df_file *f = parse(state, "EXPOSE 80/tcp 443\nVOLUME [\"/data\", \"/logs\"]\nVOLUME /a /b\n"
                              "STOPSIGNAL SIGTERM\nMAINTAINER Someone <a@b.c>\nWORKDIR /app\n");
    assert_int_equal(count_errors(f), 0);
    assert_int_equal(f->instrs[0]->argc, 2);
    assert_string_equal(f->instrs[0]->argv[1], "443");
    assert_true(f->instrs[1]->json);
    assert_int_equal(f->instrs[1]->argc, 2);
    assert_false(f->instrs[2]->json);
    assert_int_equal(f->instrs[2]->argc, 2);
    assert_string_equal(f->instrs[4]->args, "Someone <a@b.c>");
}

int main(void)
{
#define T(fn) cmocka_unit_test_setup_teardown(fn, setup, teardown)
    const struct CMUnitTest tests[] = {
        T(test_directives_syntax_and_escape),
        T(test_directive_spacing_and_case),
        T(test_directives_only_at_top),
        T(test_unknown_directive_ends_directives),
        T(test_invalid_escape_directive),
        T(test_duplicate_and_empty_directives),
        T(test_byte_order_mark),
        T(test_continuation_backslash),
        T(test_continuation_backtick),
        T(test_continuation_trailing_whitespace),
        T(test_escaped_escape_is_not_continuation),
        T(test_comments_and_blanks_in_continuation),
        T(test_continuation_at_end_of_file),
        T(test_crlf_input),
        T(test_lone_cr_is_not_a_line_break),
        T(test_comment_text_and_position),
        T(test_heredoc_basic),
        T(test_heredoc_strip_tabs),
        T(test_heredoc_quoted),
        T(test_heredoc_several_per_line),
        T(test_heredoc_with_command_and_redirect),
        T(test_heredoc_unterminated),
        T(test_heredoc_needs_word_after_marker),
        T(test_heredoc_not_in_json_or_other_instructions),
        T(test_heredoc_in_onbuild),
        T(test_heredoc_after_continuation),
        T(test_json_form),
        T(test_json_escapes),
        T(test_invalid_json_is_shell_form),
        T(test_json_with_non_strings_is_an_error),
        T(test_shell_form_words),
        T(test_run_flags),
        T(test_copy_add_from_flags),
        T(test_flag_errors),
        T(test_double_dash_ends_flags),
        T(test_healthcheck),
        T(test_onbuild_trigger),
        T(test_onbuild_errors),
        T(test_stages_and_aliases),
        T(test_stage_parent_only_earlier),
        T(test_from_errors),
        T(test_env_key_value),
        T(test_env_legacy_form),
        T(test_env_label_errors),
        T(test_label_quotes),
        T(test_arg_forms),
        T(test_df_expand),
        T(test_global_arg_in_from),
        T(test_from_sees_only_global_args),
        T(test_stage_args),
        T(test_env_inherited_args_not),
        T(test_env_escaped_and_quoted_dollars),
        T(test_env_and_arg_same_name),
        T(test_expansion_is_bounded),
        T(test_malformed_instructions_continue),
        T(test_keywords_case_insensitive),
        T(test_positions),
        T(test_empty_and_odd_input),
        T(test_other_instructions),
    };
#undef T
    return cmocka_run_group_tests(tests, NULL, NULL);
}
