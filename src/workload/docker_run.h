/* docker_run.h — the `docker run` / `podman run` front end of the workload
 * model (wl.h): reads one command line, already split into words, into a
 * wl_workload (source WL_SRC_DOCKER_RUN, kind "docker run", one container
 * of role "docker run"), which the workload rules judge as they judge a pod
 * spec or a Compose service.
 *
 * Commands recognised (after the global options of the engine, e.g.
 * `docker --context prod run`, `podman --remote run`, and after wrappers such
 * as sudo, doas, env, command, exec, nohup and time):
 *   docker run, docker container run, docker create, docker container create,
 *   podman run, podman container run, podman create, podman container create.
 * `create` is judged like `run`: the container it makes starts with exactly
 * these settings. Other commands (docker compose run, docker exec, nerdctl)
 * are not recognised.
 *
 * Words: every option docker or podman knows to take a value is known, so
 * the image is the first argument after the options (or after `--`), and
 * everything after the image is the container's command, never read as
 * options. `--flag value`, `--flag=value`, `-e X=1`, `-eX=1`, `-e=X=1`,
 * clusters of switches (`-it`, `-itd`) and a cluster ending in a
 * value-taking letter (`-itp 80:80`, `-dp80:80`) are understood. An unknown
 * long option is taken as a switch (no value) unless written with '='.
 *
 * Mapping (flag -> model field):
 *   --privileged[=bool]                 privileged
 *   --cap-add / --cap-drop (comma lists) cap_add / cap_drop, as written
 *   --network/--net host                host_network true (any other mode: false)
 *   --pid host, --ipc host              host_pid, host_ipc
 *   --userns host                       host_users true (other modes: false)
 *   --uts host                          no field in the model: ignored
 *   -v/--volume SRC:DST[:OPTS]          mounts, when SRC is a host path (starts
 *                                       with '/', '.', '~' or a drive letter);
 *                                       named and anonymous volumes are not
 *                                       host paths; ro/readonly -> read_only
 *   --mount type=bind,source=..,target=..[,readonly|ro[=true]]   mounts
 *   --device HOST[:CONTAINER[:PERMS]]   devices (read_only when PERMS lacks w)
 *   --read-only[=bool]                  read_only_root
 *   -u/--user USER[:GROUP]              user as written; run_as_user/group
 *                                       when numeric or "root" (0)
 *   --security-opt seccomp=unconfined|PROFILE   seccomp ("Unconfined" or as written)
 *   --security-opt apparmor=unconfined|PROFILE  apparmor ("Unconfined",
 *                                       "RuntimeDefault" for docker-default, else
 *                                       as written)
 *   --security-opt no-new-privileges[=|:true|false]   allow_priv_esc false (true)
 *   --security-opt systempaths=unconfined, podman unmask=ALL   proc_mount "Unmasked"
 *   -m/--memory, --cpus, --pids-limit   res.mem_limit, res.cpu_limit, res.pids_limit
 *   --cpu-quota [--cpu-period]          res.cpu_limit as a CPU count ("0.5") when
 *                                       --cpus is absent (period default 100000)
 *   --memory-reservation                res.mem_request
 *   --health-cmd / --no-healthcheck     has_liveness
 *   -p/--publish [IP:][HOST:]CONTAINER[/PROTO]   ports: host_ip as written
 *                                       (brackets of an IPv6 address removed; NULL
 *                                       when none is given: all interfaces),
 *                                       host_port 0 when the host picks one; ranges
 *                                       give one entry per port (at most
 *                                       DR_MAX_PORTS; a host range for one
 *                                       container port: its first port)
 *   -P/--publish-all                    one port: host_ip NULL, host_port 0,
 *                                       container_port 0 (every exposed port,
 *                                       on all interfaces, ports the host picks)
 *   -e/--env NAME=VALUE, NAME           env (value NULL for NAME alone: taken
 *                                       from the caller's environment)
 *   --env-file                          nothing: its names are unknown
 *   --sysctl NAME=VALUE                 sysctls
 *   --pull POLICY                       pull_policy
 *   --name NAME                         workload and container name
 *   IMAGE                               image
 * Every field's wl_loc is the loc of the word holding the flag (for
 * `--flag value`, the flag); absent fields keep the command's loc.
 *
 * Values the shell would expand: a word marked dynamic ($VAR, ${VAR},
 * $(...), `...`) cannot be resolved, and a value that cannot be resolved is
 * never recorded as a fact a rule could flag: switches and modes stay unset,
 * ports, mounts, devices, capabilities and sysctls in such words are left
 * out, an env entry keeps its name with value NULL, and the image is NULL.
 * Only where the presence of a value is itself the fact is it kept as
 * written: --user (a user was chosen; run_as_user stays unknown) and the
 * resource values (a limit was set).
 *
 * Ownership: the workload and its strings live in the arena passed in;
 * the caller releases the vectors with wl_workload_free(). */
#ifndef MOAT_DOCKER_RUN_H
#define MOAT_DOCKER_RUN_H

#include <stdbool.h>
#include <stddef.h>

#include "workload/wl.h"

#define DR_MAX_PORTS 1024 /* port entries per command (ranges are expanded) */
#define DR_MAX_LIST 256   /* entries of one comma list (--cap-add a,b,...) */

/* One word of the command line. */
typedef struct dr_word {
    const char *value; /* after quote removal */
    bool dynamic;      /* holds an expansion that cannot be resolved */
    wl_loc loc;        /* where the word starts */
} dr_word;

typedef enum { DR_DOCKER = 1, DR_PODMAN } dr_engine;

/* Where the parts of a recognised command are (indexes into the words). */
typedef struct dr_command {
    dr_engine engine;
    size_t engine_at;  /* the docker/podman word */
    size_t sub_at;     /* the run/create word */
    bool create;       /* `create` rather than `run` */
} dr_command;

/* True when words[0..n) is a docker/podman run or create command (wrappers
 * such as `sudo -u x` allowed before it); fills *out when out is not NULL. */
bool dr_match(const dr_word *words, size_t n, dr_command *out);

/* Reads the command into a new workload, or returns NULL when it is not a
 * run/create command. cmd_loc is the position of the command (its first
 * word). */
wl_workload *dr_parse(mt_arena *a, const dr_word *words, size_t n, wl_loc cmd_loc);

/* The same for plain strings (no expansion): word i gets line 1 and no
 * column. For tests and callers holding an argv. */
wl_workload *dr_parse_argv(mt_arena *a, size_t argc, const char *const *argv);

#endif
