/* cmd_help.c — `moat help [COMMAND]` and `moat help --man`. */
#include "cli/cli.h"

#include <string.h>

int cmd_help(int argc, char **argv)
{
    if (argc < 2) {
        cli_print_help(stdout, NULL);
        return 0;
    }
    if (strcmp(argv[1], "--man") == 0) {
        cli_print_man(stdout);
        return 0;
    }
    const cli_command *cmd = cli_command_find(argv[1]);
    if (!cmd) {
        fprintf(stderr, "moat help: unknown command '%s'\n", argv[1]);
        return EXIT_USAGE;
    }
    cli_print_help(stdout, cmd);
    return 0;
}
