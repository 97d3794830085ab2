/* test_docker_run.c — unit tests of the docker run / podman run front end
 * (workload/docker_run.h): real-world command lines read into the workload
 * model — options with values in every spelling, clusters of short
 * options, images with registry ports, tags and digests, container
 * commands holding options that must not be read as docker's, podman,
 * global options and wrappers, words the shell would expand — and the
 * workload rules run on the result. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "arena_fixture.h"
#include "workload/docker_run.h"
#include "workload/wl.h"

/* Splits a command written with single spaces (no quoting) into words. */
static wl_workload *parse_line(mt_arena *a, const char *line)
{
    const char *argv[128];
    size_t argc = 0;
    char *copy = mt_arena_strdup(a, line);
    char *save = NULL;
    for (char *t = strtok_r(copy, " ", &save); t && argc < 128; t = strtok_r(NULL, " ", &save))
        argv[argc++] = t;
    return dr_parse_argv(a, argc, argv);
}

static wl_container *only(wl_workload *w)
{
    assert_non_null(w);
    assert_int_equal(w->source, WL_SRC_DOCKER_RUN);
    assert_string_equal(w->kind, "docker run");
    assert_int_equal(w->containers.len, 1);
    wl_container *c = w->containers.items[0];
    assert_string_equal(c->role, "docker run");
    return c;
}

static const wl_mount *mount_at(const wl_container *c, size_t i)
{
    assert_true(i < c->mounts.len);
    return c->mounts.items[i];
}

static const wl_port *port_at(const wl_container *c, size_t i)
{
    assert_true(i < c->ports.len);
    return c->ports.items[i];
}

static const wl_env *env_at(const wl_container *c, size_t i)
{
    assert_true(i < c->env.len);
    return c->env.items[i];
}

static const char *str_at(const mt_vec *v, size_t i)
{
    assert_true(i < v->len);
    return ((const wl_str *)v->items[i])->value;
}

static void test_basic_privileged_and_host_mount(void **state)
{
    wl_workload *w = parse_line(*state, "docker run --privileged -v /:/host alpine");
    wl_container *c = only(w);
    assert_int_equal(c->privileged, WL_TRUE);
    assert_int_equal(c->mounts.len, 1);
    assert_string_equal(mount_at(c, 0)->host_path, "/");
    assert_string_equal(mount_at(c, 0)->target, "/host");
    assert_false(mount_at(c, 0)->read_only);
    assert_string_equal(c->image.value, "alpine");
    assert_int_equal(w->host_network, WL_UNSET);
    wl_workload_free(w);
}

static void test_values_do_not_become_the_image(void **state)
{
    wl_workload *w = parse_line(*state,
                                "docker run --name web -e FOO=bar -e BAZ --env-file .env -w /app -h host1 "
                                "--restart always -l tier=front --log-opt max-size=10m -a stdout "
                                "--add-host db:10.0.0.2 --dns 1.1.1.1 --entrypoint /bin/sh "
                                "--ulimit nofile=1024:2048 --tmpfs /run --shm-size 1g -c 512 "
                                "--stop-timeout 30 --platform linux/amd64 --gpus all nginx:1.25 "
                                "nginx -g daemon-off;");
    wl_container *c = only(w);
    assert_string_equal(c->image.value, "nginx:1.25");
    assert_string_equal(c->name, "web");
    assert_string_equal(w->name, "web");
    assert_int_equal(c->env.len, 2);
    assert_string_equal(env_at(c, 0)->name, "FOO");
    assert_string_equal(env_at(c, 0)->value, "bar");
    assert_string_equal(env_at(c, 1)->name, "BAZ");
    assert_null(env_at(c, 1)->value);
    assert_int_equal(c->privileged, WL_UNSET);
    assert_int_equal(c->mounts.len, 0);
    wl_workload_free(w);
}

static void test_combined_short_options(void **state)
{
    wl_workload *w = parse_line(*state, "docker run -itd -p8080:80 -e X=1 -v a:b -u 1000:1001 --rm busybox:1.36 top");
    wl_container *c = only(w);
    assert_string_equal(c->image.value, "busybox:1.36");
    assert_int_equal(c->ports.len, 1);
    assert_null(port_at(c, 0)->host_ip);
    assert_int_equal(port_at(c, 0)->host_port, 8080);
    assert_int_equal(port_at(c, 0)->container_port, 80);
    assert_string_equal(env_at(c, 0)->value, "1");
    assert_int_equal(c->mounts.len, 0); /* "a" is a named volume */
    assert_string_equal(c->user.value, "1000:1001");
    assert_true(c->has_run_as_user);
    assert_int_equal(c->run_as_user, 1000);
    assert_true(c->has_run_as_group);
    assert_int_equal(c->run_as_group, 1001);
    wl_workload_free(w);

    /* a cluster ending in a value-taking letter takes the next word */
    w = parse_line(*state, "docker run -itp 80:80 img");
    c = only(w);
    assert_string_equal(c->image.value, "img");
    assert_int_equal(port_at(c, 0)->host_port, 80);
    wl_workload_free(w);

    /* ... or the rest of the word */
    w = parse_line(*state, "docker run -dp127.0.0.1:5432:5432 -eA=1 -e=B=2 -Pit postgres:16");
    c = only(w);
    assert_string_equal(c->image.value, "postgres:16");
    assert_string_equal(port_at(c, 0)->host_ip, "127.0.0.1");
    assert_int_equal(port_at(c, 0)->host_port, 5432);
    assert_string_equal(env_at(c, 0)->name, "A");
    assert_string_equal(env_at(c, 1)->name, "B");
    assert_string_equal(env_at(c, 1)->value, "2");
    assert_int_equal(c->ports.len, 2); /* -P: every exposed port */
    assert_int_equal(port_at(c, 1)->host_port, 0);
    assert_int_equal(port_at(c, 1)->container_port, 0);
    assert_null(port_at(c, 1)->host_ip);
    wl_workload_free(w);
}

static void test_flag_equals_value(void **state)
{
    wl_workload *w = parse_line(
        *state, "docker container run --network=host --pid=host --ipc=host --userns=host --uts=host "
                "--cap-add=SYS_ADMIN,NET_ADMIN --cap-drop=ALL --read-only "
                "--security-opt=no-new-privileges:true --security-opt seccomp=unconfined "
                "--security-opt apparmor=unconfined --memory=512m --cpus=1.5 --pids-limit=100 "
                "--memory-reservation=256m --pull=always --sysctl=net.ipv4.ip_forward=1 img");
    wl_container *c = only(w);
    assert_int_equal(w->host_network, WL_TRUE);
    assert_int_equal(w->host_pid, WL_TRUE);
    assert_int_equal(w->host_ipc, WL_TRUE);
    assert_int_equal(w->host_users, WL_TRUE);
    assert_int_equal(c->cap_add.len, 2);
    assert_string_equal(str_at(&c->cap_add, 0), "SYS_ADMIN");
    assert_string_equal(str_at(&c->cap_add, 1), "NET_ADMIN");
    assert_string_equal(str_at(&c->cap_drop, 0), "ALL");
    assert_int_equal(c->read_only_root, WL_TRUE);
    assert_int_equal(c->allow_priv_esc, WL_FALSE);
    assert_string_equal(c->seccomp.value, "Unconfined");
    assert_string_equal(c->apparmor.value, "Unconfined");
    assert_string_equal(c->res.mem_limit.value, "512m");
    assert_string_equal(c->res.cpu_limit.value, "1.5");
    assert_string_equal(c->res.pids_limit.value, "100");
    assert_string_equal(c->res.mem_request.value, "256m");
    assert_true(c->has_resources_block);
    assert_string_equal(c->pull_policy.value, "always");
    assert_int_equal(w->sysctls.len, 1);
    assert_string_equal(((wl_env *)w->sysctls.items[0])->name, "net.ipv4.ip_forward");
    assert_string_equal(c->image.value, "img");
    wl_workload_free(w);

    /* other modes are explicit "no" */
    w = parse_line(*state, "docker run --network bridge --net mynet --pid container:x --ipc private "
                           "--userns keep-id img");
    c = only(w);
    assert_int_equal(w->host_network, WL_FALSE);
    assert_int_equal(w->host_pid, WL_FALSE);
    assert_int_equal(w->host_ipc, WL_FALSE);
    assert_int_equal(w->host_users, WL_FALSE);
    wl_workload_free(w);

    w = parse_line(*state, "docker run --privileged=false --read-only=true --security-opt no-new-privileges=false img");
    c = only(w);
    assert_int_equal(c->privileged, WL_FALSE);
    assert_int_equal(c->read_only_root, WL_TRUE);
    assert_int_equal(c->allow_priv_esc, WL_TRUE);
    wl_workload_free(w);
}

static void test_image_references(void **state)
{
    const char *img = "registry.example.com:5000/team/app:1.2.3@sha256:"
                      "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    char line[512];
    snprintf(line, sizeof(line), "docker run -d %s --privileged --network host", img);
    wl_workload *w = parse_line(*state, line);
    wl_container *c = only(w);
    assert_string_equal(c->image.value, img);
    assert_int_equal(c->privileged, WL_UNSET); /* after the image: the container's arguments */
    assert_int_equal(w->host_network, WL_UNSET);
    wl_workload_free(w);

    w = parse_line(*state, "docker run --rm -- localhost:5000/x:y --privileged");
    c = only(w);
    assert_string_equal(c->image.value, "localhost:5000/x:y");
    assert_int_equal(c->privileged, WL_UNSET);
    wl_workload_free(w);

    /* no image */
    w = parse_line(*state, "docker run --rm -e");
    c = only(w);
    assert_null(c->image.value);
    assert_int_equal(c->env.len, 0);
    wl_workload_free(w);
}

static void test_container_command_is_not_parsed(void **state)
{
    const char *argv[] = {"docker", "run", "--rm", "alpine", "sh", "-c",
                          "docker run --privileged -v /:/host x", "-v", "/:/host", "--net=host"};
    wl_workload *w = dr_parse_argv(*state, MT_ARRAY_LEN(argv), argv);
    wl_container *c = only(w);
    assert_string_equal(c->image.value, "alpine");
    assert_int_equal(c->privileged, WL_UNSET);
    assert_int_equal(c->mounts.len, 0);
    assert_int_equal(w->host_network, WL_UNSET);
    wl_workload_free(w);

    /* an unknown long option is a switch: the next word is the image */
    w = parse_line(*state, "docker run --some-future-switch --future-value=3 img --privileged");
    c = only(w);
    assert_string_equal(c->image.value, "img");
    assert_int_equal(c->privileged, WL_UNSET);
    wl_workload_free(w);
}

static void test_podman(void **state)
{
    wl_workload *w = parse_line(*state, "podman run --rm --privileged --net host --pod new:web "
                                        "--systemd=always --userns keep-id --tz local --secret s1 "
                                        "--security-opt unmask=ALL quay.io/podman/stable podman info");
    wl_container *c = only(w);
    assert_int_equal(c->privileged, WL_TRUE);
    assert_int_equal(w->host_network, WL_TRUE);
    assert_int_equal(w->host_users, WL_FALSE);
    assert_string_equal(c->proc_mount.value, "Unmasked");
    assert_string_equal(c->image.value, "quay.io/podman/stable");
    wl_workload_free(w);

    w = parse_line(*state, "podman --remote --connection prod container create --pids-limit 50 "
                           "--cgroups split --pod-id-file /tmp/pid --requires db fedora:40");
    c = only(w);
    assert_string_equal(c->image.value, "fedora:40");
    assert_string_equal(c->res.pids_limit.value, "50");
    wl_workload_free(w);

    dr_word words[] = {{.value = "podman"}, {.value = "-r"}, {.value = "run"}, {.value = "x"}};
    dr_command m;
    assert_true(dr_match(words, 4, &m));
    assert_int_equal(m.engine, DR_PODMAN);
    assert_int_equal(m.sub_at, 2);
    assert_false(m.create);
}

static void test_global_options_and_wrappers(void **state)
{
    static const char *const lines[] = {
        "docker --context prod -H tcp://10.0.0.1:2375 --log-level debug run --privileged img",
        "docker -D --tls --tlsverify --tlscacert ca.pem run --privileged img",
        "docker --config /tmp/cfg container run --privileged img",
        "/usr/bin/docker run --privileged img",
        "sudo docker run --privileged img",
        "sudo -u root -E docker run --privileged img",
        "sudo --preserve-env docker run --privileged img",
        "env DOCKER_HOST=tcp://x:2375 docker run --privileged img",
        "nohup docker run --privileged img",
        "time docker run --privileged img",
        "exec docker run --privileged img",
        "command docker run --privileged img",
        "timeout 60 docker run --privileged img",
        "sudo podman --log-level=info run --privileged img",
        "docker create --privileged img",
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(lines); i++) {
        wl_workload *w = parse_line(*state, lines[i]);
        if (!w)
            fail_msg("not recognised: %s", lines[i]);
        wl_container *c = only(w);
        if (c->privileged != WL_TRUE || !c->image.value || strcmp(c->image.value, "img") != 0)
            fail_msg("misread: %s", lines[i]);
        wl_workload_free(w);
    }
    dr_command m;
    const char *argv[] = {"sudo", "docker", "container", "create", "img"};
    dr_word words[5];
    for (size_t i = 0; i < 5; i++)
        words[i] = (dr_word){.value = argv[i]};
    assert_true(dr_match(words, 5, &m));
    assert_int_equal(m.engine, DR_DOCKER);
    assert_int_equal(m.engine_at, 1);
    assert_int_equal(m.sub_at, 3);
    assert_true(m.create);
}

static void test_not_a_run_command(void **state)
{
    static const char *const lines[] = {
        "docker ps -a", "docker exec -it web sh", "docker compose run web", "docker build -t x .",
        "docker image ls", "echo docker run --privileged x", "docker container ls", "docker",
        "docker --context x", "podman pod create", "docker-compose run web", "nerdctl run x",
        "docker start web", "dockerd --privileged",
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(lines); i++) {
        if (parse_line(*state, lines[i]))
            fail_msg("read as a run command: %s", lines[i]);
    }
}

static void test_mounts(void **state)
{
    wl_workload *w = parse_line(
        *state, "docker run "
                "--mount type=bind,source=/var/run/docker.sock,target=/var/run/docker.sock,readonly "
                "--mount type=volume,src=data,dst=/data "
                "--mount type=bind,\"src=/etc\",dst=/host-etc,ro=true "
                "--mount src=/x,target=/y "
                "--mount type=bind,src=/srv,dst=/srv,readonly=false "
                "-v ./data:/data -v ~/cfg:/cfg:ro -v /anon -v named:/named -v C:\\data:/data "
                "-v /src:/dst:ro,Z -v /data:ro --volume=../up:/up:rw img");
    wl_container *c = only(w);
    assert_int_equal(c->mounts.len, 8);
    assert_string_equal(mount_at(c, 0)->host_path, "/var/run/docker.sock");
    assert_string_equal(mount_at(c, 0)->target, "/var/run/docker.sock");
    assert_true(mount_at(c, 0)->read_only);
    assert_string_equal(mount_at(c, 1)->host_path, "/etc");
    assert_true(mount_at(c, 1)->read_only);
    assert_string_equal(mount_at(c, 2)->host_path, "/srv");
    assert_false(mount_at(c, 2)->read_only);
    assert_string_equal(mount_at(c, 3)->host_path, "./data");
    assert_string_equal(mount_at(c, 4)->host_path, "~/cfg");
    assert_true(mount_at(c, 4)->read_only);
    assert_string_equal(mount_at(c, 5)->host_path, "C:\\data");
    assert_string_equal(mount_at(c, 5)->target, "/data");
    assert_string_equal(mount_at(c, 6)->host_path, "/src");
    assert_true(mount_at(c, 6)->read_only);
    assert_string_equal(mount_at(c, 7)->host_path, "../up");
    assert_false(mount_at(c, 7)->read_only);
    wl_workload_free(w);
}

static void test_devices(void **state)
{
    wl_workload *w = parse_line(*state, "docker run --device /dev/fuse --device=/dev/sda:/dev/xvda:r "
                                        "--device /dev/snd:rw img");
    wl_container *c = only(w);
    assert_int_equal(c->devices.len, 3);
    const wl_mount *d = c->devices.items[0];
    assert_string_equal(d->host_path, "/dev/fuse");
    assert_string_equal(d->target, "/dev/fuse");
    d = c->devices.items[1];
    assert_string_equal(d->host_path, "/dev/sda");
    assert_string_equal(d->target, "/dev/xvda");
    assert_true(d->read_only);
    d = c->devices.items[2];
    assert_string_equal(d->target, "/dev/snd");
    assert_false(d->read_only);
    wl_workload_free(w);
}

static void test_ports(void **state)
{
    wl_workload *w = parse_line(*state, "docker run -p 8080:80/udp -p 127.0.0.1::80 -p [::1]:8443:443 "
                                        "-p 8000-8002:9000-9002 -p 80 -p 70000:80 -p 3000-3010:3000 "
                                        "--publish=0.0.0.0:53:53/tcp img");
    wl_container *c = only(w);
    assert_int_equal(c->ports.len, 9);
    assert_int_equal(port_at(c, 0)->host_port, 8080);
    assert_string_equal(port_at(c, 0)->protocol, "udp");
    assert_string_equal(port_at(c, 1)->host_ip, "127.0.0.1");
    assert_int_equal(port_at(c, 1)->host_port, 0);
    assert_int_equal(port_at(c, 1)->container_port, 80);
    assert_string_equal(port_at(c, 2)->host_ip, "::1");
    assert_int_equal(port_at(c, 2)->host_port, 8443);
    for (int k = 0; k < 3; k++) {
        assert_int_equal(port_at(c, 3 + k)->host_port, 8000 + k);
        assert_int_equal(port_at(c, 3 + k)->container_port, 9000 + k);
    }
    assert_int_equal(port_at(c, 6)->host_port, 0);
    assert_int_equal(port_at(c, 6)->container_port, 80);
    /* 70000 is no port: left out; a host range for one port: its start */
    assert_int_equal(port_at(c, 7)->host_port, 3000);
    assert_string_equal(port_at(c, 8)->host_ip, "0.0.0.0");
    assert_int_equal(port_at(c, 8)->host_port, 53);
    wl_workload_free(w);

    w = parse_line(*state, "docker run -p 1-65535:1-65535 img");
    c = only(w);
    assert_int_equal(c->ports.len, DR_MAX_PORTS);
    wl_workload_free(w);
}

static void test_users(void **state)
{
    static const struct {
        const char *line;
        bool has;
        int64_t uid;
    } cases[] = {
        {"docker run -u root img", true, 0},
        {"docker run --user 0:0 img", true, 0},
        {"docker run --user=nobody img", false, 0},
        {"docker run -u 65534 img", true, 65534},
        {"docker run -u app:app img", false, 0},
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(cases); i++) {
        wl_workload *w = parse_line(*state, cases[i].line);
        wl_container *c = only(w);
        assert_non_null(c->user.value);
        assert_int_equal(c->has_run_as_user, cases[i].has);
        if (cases[i].has)
            assert_int_equal(c->run_as_user, cases[i].uid);
        wl_workload_free(w);
    }
}

static void test_security_opts_and_resources(void **state)
{
    wl_workload *w = parse_line(*state, "docker run --security-opt no-new-privileges "
                                        "--security-opt apparmor=docker-default "
                                        "--security-opt seccomp=/etc/docker/seccomp.json "
                                        "--security-opt systempaths=unconfined "
                                        "--security-opt label=disable --cpu-quota 50000 img");
    wl_container *c = only(w);
    assert_int_equal(c->allow_priv_esc, WL_FALSE);
    assert_string_equal(c->apparmor.value, "RuntimeDefault");
    assert_string_equal(c->seccomp.value, "/etc/docker/seccomp.json");
    assert_string_equal(c->proc_mount.value, "Unmasked");
    assert_string_equal(c->res.cpu_limit.value, "0.5");
    wl_workload_free(w);

    w = parse_line(*state, "docker run --cpu-period=50000 --cpu-quota=75000 --health-cmd true img");
    c = only(w);
    assert_string_equal(c->res.cpu_limit.value, "1.5");
    assert_true(c->has_liveness);
    wl_workload_free(w);

    w = parse_line(*state, "docker run --cpus 2 --cpu-quota 50000 --no-healthcheck img");
    c = only(w);
    assert_string_equal(c->res.cpu_limit.value, "2");
    assert_false(c->has_liveness);
    wl_workload_free(w);

    w = parse_line(*state, "docker run --cpu-quota -1 img");
    c = only(w);
    assert_null(c->res.cpu_limit.value);
    wl_workload_free(w);
}

/* Words the shell would expand are unknown: nothing is made up from them. */
static void test_dynamic_words(void **state)
{
    mt_arena *a = *state;
    struct {
        const char *v;
        bool dyn;
    } in[] = {
        {"docker", false},         {"run", false},          {"--network", false},
        {"$NET", true},            {"--privileged=$P", true}, {"-v", false},
        {"$PWD:/app", true},       {"-v", false},           {"/data:$TARGET", true},
        {"-e", false},             {"PASS=$PASS", true},    {"-e", false},
        {"$NAME=1", true},         {"-p", false},           {"${PORT}:80", true},
        {"-u", false},             {"$(id -u):$(id -g)", true}, {"-m", false},
        {"$MEM", true},            {"--cap-add", false},    {"$CAPS,NET_ADMIN", true},
        {"--name", false},         {"$NAME", true},         {"$IMAGE", true},
    };
    size_t n = MT_ARRAY_LEN(in);
    dr_word *words = mt_arena_alloc(a, n * sizeof(*words));
    for (size_t i = 0; i < n; i++)
        words[i] = (dr_word){.value = in[i].v, .dynamic = in[i].dyn, .loc = {3, (int)i + 1}};
    wl_workload *w = dr_parse(a, words, n, (wl_loc){3, 1});
    wl_container *c = only(w);
    assert_int_equal(w->host_network, WL_UNSET);
    assert_int_equal(c->privileged, WL_UNSET);
    assert_int_equal(c->mounts.len, 1);
    assert_string_equal(mount_at(c, 0)->host_path, "/data");
    assert_int_equal(c->env.len, 1);
    assert_string_equal(env_at(c, 0)->name, "PASS");
    assert_null(env_at(c, 0)->value);
    assert_int_equal(c->ports.len, 0);
    assert_string_equal(c->user.value, "$(id -u):$(id -g)");
    assert_false(c->has_run_as_user);
    assert_string_equal(c->res.mem_limit.value, "$MEM");
    assert_int_equal(c->cap_add.len, 1);
    assert_string_equal(str_at(&c->cap_add, 0), "NET_ADMIN");
    assert_null(c->name);
    assert_null(c->image.value);
    assert_int_equal(c->image.loc.col, 24);
    wl_workload_free(w);
}

typedef struct seen {
    char ids[16][16];
    wl_loc locs[16];
    char msgs[16][128];
    int n;
} seen;

static void collect(void *ud, const mt_rule *rule, wl_loc loc, const char *msg)
{
    seen *s = ud;
    if (s->n < 16) {
        snprintf(s->ids[s->n], sizeof(s->ids[0]), "%s", rule->id);
        snprintf(s->msgs[s->n], sizeof(s->msgs[0]), "%s", msg);
        s->locs[s->n++] = loc;
    }
}

static int find_id(const seen *s, const char *id)
{
    for (int i = 0; i < s->n; i++) {
        if (strcmp(s->ids[i], id) == 0)
            return i;
    }
    return -1;
}

/* The workload rules judge the model at the flags' positions. */
static void test_rules_on_the_model(void **state)
{
    mt_arena *a = *state;
    const char *argv[] = {"docker", "run", "--name", "web", "--net", "host", "-d", "--privileged", "img"};
    size_t n = MT_ARRAY_LEN(argv);
    dr_word *words = mt_arena_alloc(a, n * sizeof(*words));
    for (size_t i = 0; i < n; i++)
        words[i] = (dr_word){.value = argv[i], .loc = {7 + (int)i / 4, 1 + (int)i}};
    wl_workload *w = dr_parse(a, words, n, words[0].loc);
    assert_non_null(w);
    seen s = {0};
    wl_check(w, collect, &s);
    int p = find_id(&s, "WL1001"), h = find_id(&s, "WL1008");
    assert_true(p >= 0);
    assert_true(h >= 0);
    assert_int_equal(s.locs[p].line, 8); /* --privileged, word 7 */
    assert_int_equal(s.locs[p].col, 8);
    assert_int_equal(s.locs[h].line, 8); /* --net, word 4 */
    assert_int_equal(s.locs[h].col, 5);
    assert_non_null(strstr(s.msgs[p], "web"));
    wl_workload_free(w);

    /* a clean command: neither rule fires */
    w = parse_line(a, "docker run --read-only --cap-drop ALL -u 1000 img");
    seen s2 = {0};
    wl_check(w, collect, &s2);
    assert_int_equal(find_id(&s2, "WL1001"), -1);
    assert_int_equal(find_id(&s2, "WL1008"), -1);
    wl_workload_free(w);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_basic_privileged_and_host_mount, setup, teardown),
        cmocka_unit_test_setup_teardown(test_values_do_not_become_the_image, setup, teardown),
        cmocka_unit_test_setup_teardown(test_combined_short_options, setup, teardown),
        cmocka_unit_test_setup_teardown(test_flag_equals_value, setup, teardown),
        cmocka_unit_test_setup_teardown(test_image_references, setup, teardown),
        cmocka_unit_test_setup_teardown(test_container_command_is_not_parsed, setup, teardown),
        cmocka_unit_test_setup_teardown(test_podman, setup, teardown),
        cmocka_unit_test_setup_teardown(test_global_options_and_wrappers, setup, teardown),
        cmocka_unit_test_setup_teardown(test_not_a_run_command, setup, teardown),
        cmocka_unit_test_setup_teardown(test_mounts, setup, teardown),
        cmocka_unit_test_setup_teardown(test_devices, setup, teardown),
        cmocka_unit_test_setup_teardown(test_ports, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_security_opts_and_resources, setup, teardown),
        cmocka_unit_test_setup_teardown(test_dynamic_words, setup, teardown),
        cmocka_unit_test_setup_teardown(test_rules_on_the_model, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
