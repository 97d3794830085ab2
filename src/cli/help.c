/* help.c — --help texts and the man page, both rendered from the command
 * and option tables so they cannot drift apart. */
#include "cli/cli.h"

#include <string.h>

static void print_wrapped(FILE *out, const char *text, int indent, int width)
{
    int col = indent;
    const char *p = text;
    bool first = true;
    while (*p) {
        size_t wl = strcspn(p, " ");
        if (!first && col + 1 + (int)wl > width) {
            fprintf(out, "\n%*s", indent, "");
            col = indent;
            first = true;
        }
        if (!first) {
            fputc(' ', out);
            col++;
        }
        fwrite(p, 1, wl, out);
        col += (int)wl;
        first = false;
        p += wl;
        while (*p == ' ')
            p++;
    }
    fputc('\n', out);
}

void cli_print_help(FILE *out, const cli_command *cmd)
{
    if (!cmd) {
        fputs("moat — container security toolkit\n\nUsage: moat COMMAND [OPTIONS] [ARGS]\n\n"
              "Commands:\n",
              out);
        for (size_t i = 0; i < cli_ncommands; i++)
            fprintf(out, "  %-10s %s\n", cli_commands[i].name, cli_commands[i].summary);
        fputs("\nRun 'moat help COMMAND' or 'moat COMMAND --help' for details.\n"
              "Exit status: 0 scan ran, N with --exit-code N when findings remain, 2 usage error,\n"
              "3 a target could not be read.\n",
              out);
        return;
    }
    fprintf(out, "Usage: %s\n\n", cmd->synopsis);
    print_wrapped(out, cmd->description, 0, 78);
    bool any = false;
    for (size_t k = 0; k < cli_noptions; k++) {
        const cli_option *o = &cli_options[k];
        if (!(o->cmds & cmd->bit))
            continue;
        if (!any)
            fputs("\nOptions:\n", out);
        any = true;
        char head[64];
        if (o->short_name)
            snprintf(head, sizeof(head), "-%c, --%s%s%s", o->short_name, o->name, o->arg ? " " : "",
                     o->arg ? o->arg : "");
        else
            snprintf(head, sizeof(head), "    --%s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
        fprintf(out, "  %s\n      ", head);
        print_wrapped(out, o->help, 6, 78);
    }
    if (cmd->examples && *cmd->examples)
        fprintf(out, "\nExamples:\n%s", cmd->examples);
}

/* roff needs backslashes and leading dots/quotes escaped. */
static void roff(FILE *out, const char *s)
{
    bool line_start = true;
    for (; *s; s++) {
        if (*s == '\\')
            fputs("\\e", out);
        else if (*s == '-')
            fputs("\\-", out);
        else if (line_start && (*s == '.' || *s == '\''))
            fprintf(out, "\\&%c", *s);
        else
            fputc(*s, out);
        line_start = *s == '\n';
    }
}

void cli_print_man(FILE *out)
{
    fputs(".TH MOAT 1 \"\" \"moat " MOAT_VERSION "\" \"User Commands\"\n"
          ".SH NAME\nmoat \\- container security toolkit\n"
          ".SH SYNOPSIS\n.B moat\n.I COMMAND\n[\\fIOPTIONS\\fR] [\\fIARGS\\fR]\n"
          ".SH DESCRIPTION\n"
          "moat checks the life of a container: Dockerfiles today, with the same findings model "
          "and reports for images, orchestration files and runtime to come.\n"
          ".SH COMMANDS\n",
          out);
    for (size_t i = 0; i < cli_ncommands; i++) {
        const cli_command *c = &cli_commands[i];
        fputs(".SS ", out);
        roff(out, c->synopsis);
        fputs("\n", out);
        roff(out, c->description);
        fputs("\n", out);
        for (size_t k = 0; k < cli_noptions; k++) {
            const cli_option *o = &cli_options[k];
            if (!(o->cmds & c->bit))
                continue;
            fputs(".TP\n", out);
            if (o->short_name)
                fprintf(out, "\\fB\\-%c\\fR, ", o->short_name);
            fputs("\\fB\\-\\-", out);
            roff(out, o->name);
            fputs("\\fR", out);
            if (o->arg) {
                fputs(" \\fI", out);
                roff(out, o->arg);
                fputs("\\fR", out);
            }
            fputs("\n", out);
            roff(out, o->help);
            fputs("\n", out);
        }
        if (c->examples && *c->examples) {
            fputs(".PP\nExamples:\n.nf\n", out);
            roff(out, c->examples);
            fputs(".fi\n", out);
        }
    }
    fputs(".SH EXIT STATUS\n.TP\n0\nThe scan ran (and no --exit-code condition was met).\n"
          ".TP\nN\nWith --exit-code N: findings at or above the severity filter remain.\n"
          ".TP\n2\nUsage error.\n.TP\n3\nA target could not be read.\n"
          ".SH FILES\n.TP\nmoat.yaml\nConfiguration read from the current directory.\n"
          ".TP\n.moatignore\nSuppressions read from the current directory.\n"
          ".TP\n.hadolint.yaml\nhadolint configuration honoured next to scanned files and in "
          "their parent directories.\n"
          ".SH ENVIRONMENT\n.TP\nNO_COLOR\nDisables colours.\n",
          out);
}
