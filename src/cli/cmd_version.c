/* cmd_version.c — `moat version`. */
#include "cli/cli.h"

#include <libfyaml.h>
#include <jansson.h>

int cmd_version(int argc, char **argv)
{
    cli_opts o;
    int rc = cli_parse(cli_command_find("version"), argc, argv, &o);
    if (!rc && o.help)
        cli_print_help(stdout, cli_command_find("version"));
    else if (!rc)
        printf("moat %s (jansson %s, libfyaml %s)\n", MOAT_VERSION, JANSSON_VERSION, fy_library_version());
    cli_opts_free(&o);
    return rc;
}
