/* test_compose.c — unit tests of the Compose front end (workload/compose.h):
 * realistic Compose files (the shapes of web + database + cache stacks,
 * version 2 and 3 files, JSON) are parsed and every field of the workload
 * model is checked with the line and column it came from; merge keys and
 * extends, interpolation, the reading bounds (alias bombs, recursive
 * aliases, nesting, scalar size, duplicate keys), structure errors and
 * file detection. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "arena_fixture.h"
#include "core/scan.h"
#include "core/util.h"
#include "workload/compose.h"

static cp_file *parse(mt_arena *a, const char *text)
{
    cp_file *cf = mt_arena_alloc(a, sizeof(*cf));
    cp_parse(a, text, strlen(text), cf);
    return cf;
}

static void done(cp_file *cf)
{
    cp_file_free(cf);
}

static cp_service *svc(const cp_file *cf, const char *name)
{
    for (size_t i = 0; i < cf->services.len; i++) {
        cp_service *s = cf->services.items[i];
        if (!strcmp(s->w->name, name))
            return s;
    }
    fail_msg("no service %s", name);
    return NULL;
}

static wl_container *ctr(const cp_service *s)
{
    assert_int_equal(s->w->containers.len, 1);
    return s->w->containers.items[0];
}

#define assert_loc(l, L, C)                                                                      \
    do {                                                                                         \
        assert_int_equal((l).line, (L));                                                         \
        assert_int_equal((l).col, (C));                                                          \
    } while (0)

static void assert_no_problems(const cp_file *cf)
{
    for (size_t i = 0; i < cf->problems.len; i++) {
        const cp_problem *p = cf->problems.items[i];
        print_error("unexpected problem at %d:%d: %s\n", p->loc.line, p->loc.col, p->msg);
    }
    assert_int_equal(cf->problems.len, 0);
}

/* The only problem, which must contain want, at line. */
static void assert_problem(const cp_file *cf, int line, const char *want)
{
    if (cf->problems.len != 1) {
        for (size_t i = 0; i < cf->problems.len; i++) {
            const cp_problem *p = cf->problems.items[i];
            print_error("problem at %d:%d: %s\n", p->loc.line, p->loc.col, p->msg);
        }
    }
    assert_int_equal(cf->problems.len, 1);
    const cp_problem *p = cf->problems.items[0];
    if (!strstr(p->msg, want))
        fail_msg("problem \"%s\" lacks \"%s\"", p->msg, want);
    assert_int_equal(p->loc.line, line);
}

static const wl_str *str_at(const mt_vec *v, size_t i)
{
    assert_true(i < v->len);
    return v->items[i];
}

static const wl_env *env_named(const wl_container *c, const char *name)
{
    for (size_t i = 0; i < c->env.len; i++) {
        const wl_env *e = c->env.items[i];
        if (!strcmp(e->name, name))
            return e;
    }
    fail_msg("no env %s", name);
    return NULL;
}

static void assert_port(const wl_container *c, size_t i, const char *ip, int host, int cont,
                        const char *proto, int line)
{
    assert_true(i < c->ports.len);
    const wl_port *p = c->ports.items[i];
    if (ip)
        assert_string_equal(p->host_ip, ip);
    else
        assert_null(p->host_ip);
    assert_int_equal(p->host_port, host);
    assert_int_equal(p->container_port, cont);
    if (proto)
        assert_string_equal(p->protocol, proto);
    else
        assert_null(p->protocol);
    assert_int_equal(p->loc.line, line);
}

static void assert_mount(const mt_vec *v, size_t i, const char *host, const char *target, bool ro,
                         int line)
{
    assert_true(i < v->len);
    const wl_mount *m = v->items[i];
    assert_string_equal(m->host_path, host);
    if (target)
        assert_string_equal(m->target, target);
    else
        assert_null(m->target);
    assert_int_equal(m->read_only, ro);
    assert_int_equal(m->loc.line, line);
}

/* ---- a full service ---- */

static const char FULL[] =
    "name: shop\n"                                              /* 1 */
    "services:\n"                                               /* 2 */
    "  proxy:\n"                                                /* 3 */
    "    image: nginx:1.25-alpine\n"                            /* 4 */
    "    pull_policy: always\n"                                 /* 5 */
    "    privileged: true\n"                                    /* 6 */
    "    read_only: true\n"                                     /* 7 */
    "    user: \"101:101\"\n"                                   /* 8 */
    "    cap_drop: [ALL]\n"                                     /* 9 */
    "    cap_add:\n"                                            /* 10 */
    "      - NET_BIND_SERVICE\n"                                /* 11 */
    "      - chown\n"                                           /* 12 */
    "    pid: host\n"                                           /* 13 */
    "    ipc: host\n"                                           /* 14 */
    "    userns_mode: host\n"                                   /* 15 */
    "    security_opt:\n"                                       /* 16 */
    "      - no-new-privileges:true\n"                          /* 17 */
    "      - seccomp=unconfined\n"                              /* 18 */
    "      - apparmor:unconfined\n"                             /* 19 */
    "      - label:disable\n"                                   /* 20 */
    "      - systempaths=unconfined\n"                          /* 21 */
    "    ports:\n"                                              /* 22 */
    "      - \"80\"\n"                                          /* 23 */
    "      - \"8080:80\"\n"                                     /* 24 */
    "      - \"127.0.0.1:8443:443\"\n"                          /* 25 */
    "      - \"[::1]:9000:9000\"\n"                             /* 26 */
    "      - \"7000-7010:7000-7010\"\n"                         /* 27 */
    "      - \"5353:53/udp\"\n"                                 /* 28 */
    "      - 9090\n"                                            /* 29 */
    "      - \"10.0.0.5::6000\"\n"                              /* 30 */
    "      - target: 81\n"                                      /* 31 */
    "        published: \"8081\"\n"                             /* 32 */
    "        host_ip: 0.0.0.0\n"                                /* 33 */
    "        protocol: tcp\n"                                   /* 34 */
    "        mode: host\n"                                      /* 35 */
    "      - target: 82\n"                                      /* 36 */
    "    volumes:\n"                                            /* 37 */
    "      - ./nginx.conf:/etc/nginx/nginx.conf:ro\n"           /* 38 */
    "      - /var/run/docker.sock:/var/run/docker.sock\n"       /* 39 */
    "      - static:/srv/static\n"                              /* 40 */
    "      - ~/.ssh:/root/.ssh:ro,z\n"                          /* 41 */
    "      - /cache\n"                                          /* 42 */
    "      - type: bind\n"                                      /* 43 */
    "        source: /etc/ssl\n"                                /* 44 */
    "        target: /etc/ssl\n"                                /* 45 */
    "        read_only: true\n"                                 /* 46 */
    "      - type: volume\n"                                    /* 47 */
    "        source: static\n"                                  /* 48 */
    "        target: /data\n"                                   /* 49 */
    "      - type: tmpfs\n"                                     /* 50 */
    "        target: /tmp\n"                                    /* 51 */
    "      - hostlogs:/var/log/nginx\n"                         /* 52 */
    "      - C:\\data:/data:rw\n"                               /* 53 */
    "    devices:\n"                                            /* 54 */
    "      - /dev/fuse\n"                                       /* 55 */
    "      - /dev/ttyUSB0:/dev/ttyUSB0:r\n"                     /* 56 */
    "      - nvidia.com/gpu=all\n"                              /* 57 */
    "    environment:\n"                                        /* 58 */
    "      - NGINX_PORT=80\n"                                   /* 59 */
    "      - DEBUG\n"                                           /* 60 */
    "      - EMPTY=\n"                                          /* 61 */
    "      - TOKEN=${TOKEN}\n"                                  /* 62 */
    "    sysctls:\n"                                            /* 63 */
    "      net.core.somaxconn: 1024\n"                          /* 64 */
    "    mem_limit: 512m\n"                                     /* 65 */
    "    mem_reservation: 128m\n"                               /* 66 */
    "    cpus: 0.5\n"                                           /* 67 */
    "    pids_limit: 100\n"                                     /* 68 */
    "    networks: [front, back]\n"                             /* 69 */
    "    depends_on: [api]\n"                                   /* 70 */
    "    healthcheck:\n"                                        /* 71 */
    "      test: [\"CMD\", \"curl\", \"-f\", \"http://localhost\"]\n" /* 72 */
    "  api:\n"                                                  /* 73 */
    "    build: ./api\n"                                        /* 74 */
    "    expose: [\"3000\"]\n"                                  /* 75 */
    "networks:\n"                                               /* 76 */
    "  front: {}\n"                                             /* 77 */
    "  back:\n"                                                 /* 78 */
    "    internal: true\n"                                      /* 79 */
    "volumes:\n"                                                /* 80 */
    "  static:\n"                                               /* 81 */
    "  hostlogs:\n"                                             /* 82 */
    "    driver: local\n"                                       /* 83 */
    "    driver_opts:\n"                                        /* 84 */
    "      type: none\n"                                        /* 85 */
    "      o: bind\n"                                           /* 86 */
    "      device: /var/log/proxy\n";                           /* 87 */

static void test_full_service(void **state)
{
    cp_file *cf = parse(*state, FULL);
    assert_no_problems(cf);
    assert_int_equal(cf->services.len, 2);
    assert_int_equal(cf->documents, 1);
    cp_service *s = svc(cf, "proxy");
    wl_workload *w = s->w;
    assert_int_equal(w->source, WL_SRC_COMPOSE);
    assert_string_equal(w->kind, "service");
    assert_loc(w->loc, 3, 3);
    assert_loc(w->spec_loc, 4, 5);
    wl_container *c = ctr(s);
    assert_string_equal(c->role, "service");
    assert_string_equal(c->name, "proxy");
    assert_loc(c->loc, 3, 3);

    assert_string_equal(c->image.value, "nginx:1.25-alpine");
    assert_loc(c->image.loc, 4, 12);
    assert_string_equal(c->pull_policy.value, "always");
    assert_loc(c->pull_policy.loc, 5, 18);
    assert_int_equal(c->privileged, WL_TRUE);
    assert_loc(c->privileged_loc, 6, 17);
    assert_int_equal(c->read_only_root, WL_TRUE);
    assert_loc(c->read_only_root_loc, 7, 16);

    assert_string_equal(c->user.value, "101:101");
    assert_loc(c->user.loc, 8, 12); /* a quoted scalar: its text */
    assert_true(c->has_run_as_user);
    assert_int_equal(c->run_as_user, 101);
    assert_true(c->has_run_as_group);
    assert_int_equal(c->run_as_group, 101);
    assert_int_equal(c->run_as_user_loc.line, 8);

    assert_int_equal(c->cap_drop.len, 1);
    assert_string_equal(str_at(&c->cap_drop, 0)->value, "ALL");
    assert_loc(str_at(&c->cap_drop, 0)->loc, 9, 16);
    assert_int_equal(c->cap_add.len, 2);
    assert_string_equal(str_at(&c->cap_add, 0)->value, "NET_BIND_SERVICE");
    assert_loc(str_at(&c->cap_add, 0)->loc, 11, 9);
    assert_string_equal(str_at(&c->cap_add, 1)->value, "chown"); /* as written */
    assert_int_equal(str_at(&c->cap_add, 1)->loc.line, 12);

    assert_int_equal(w->host_pid, WL_TRUE);
    assert_loc(w->host_pid_loc, 13, 10);
    assert_int_equal(w->host_ipc, WL_TRUE);
    assert_loc(w->host_ipc_loc, 14, 10);
    assert_int_equal(w->host_users, WL_TRUE);
    assert_loc(w->host_users_loc, 15, 18);
    assert_int_equal(w->host_network, WL_UNSET); /* not given */
    assert_loc(w->host_network_loc, 3, 3);      /* the service's position */

    assert_int_equal(c->allow_priv_esc, WL_FALSE);
    assert_loc(c->allow_priv_esc_loc, 17, 9);
    assert_string_equal(c->seccomp.value, "Unconfined");
    assert_int_equal(c->seccomp.loc.line, 18);
    assert_string_equal(c->apparmor.value, "Unconfined");
    assert_int_equal(c->apparmor.loc.line, 19);
    assert_string_equal(c->proc_mount.value, "Unmasked");
    assert_int_equal(c->proc_mount.loc.line, 21);

    assert_int_equal(c->ports.len, 10);
    assert_port(c, 0, NULL, 0, 80, NULL, 23);
    assert_port(c, 1, NULL, 8080, 80, NULL, 24);
    assert_port(c, 2, "127.0.0.1", 8443, 443, NULL, 25);
    assert_port(c, 3, "::1", 9000, 9000, NULL, 26);
    assert_port(c, 4, NULL, 7000, 7000, NULL, 27);
    assert_port(c, 5, NULL, 5353, 53, "udp", 28);
    assert_port(c, 6, NULL, 0, 9090, NULL, 29);
    assert_port(c, 7, "10.0.0.5", 0, 6000, NULL, 30);
    assert_port(c, 8, "0.0.0.0", 8081, 81, "tcp", 32); /* at `published` */
    assert_port(c, 9, NULL, 0, 82, NULL, 36);

    /* host paths only: named volumes, anonymous volumes and tmpfs are not */
    assert_int_equal(c->mounts.len, 6);
    assert_mount(&c->mounts, 0, "./nginx.conf", "/etc/nginx/nginx.conf", true, 38);
    assert_mount(&c->mounts, 1, "/var/run/docker.sock", "/var/run/docker.sock", false, 39);
    assert_mount(&c->mounts, 2, "~/.ssh", "/root/.ssh", true, 41);
    assert_mount(&c->mounts, 3, "/etc/ssl", "/etc/ssl", true, 43);
    /* a named volume declared as a bind of a host directory */
    assert_mount(&c->mounts, 4, "/var/log/proxy", "/var/log/nginx", false, 52);
    assert_mount(&c->mounts, 5, "C:\\data", "/data", false, 53);
    assert_int_equal(((wl_mount *)c->mounts.items[0])->loc.col, 9);

    assert_int_equal(c->devices.len, 3);
    assert_mount(&c->devices, 0, "/dev/fuse", "/dev/fuse", false, 55);
    assert_mount(&c->devices, 1, "/dev/ttyUSB0", "/dev/ttyUSB0", true, 56);
    assert_mount(&c->devices, 2, "nvidia.com/gpu=all", NULL, false, 57);

    assert_int_equal(c->env.len, 4);
    const wl_env *e = env_named(c, "NGINX_PORT");
    assert_string_equal(e->value, "80");
    assert_loc(e->loc, 59, 9);
    assert_null(env_named(c, "DEBUG")->value);
    assert_string_equal(env_named(c, "EMPTY")->value, "");
    assert_null(env_named(c, "TOKEN")->value); /* only a variable: comes from elsewhere */
    assert_int_equal(env_named(c, "TOKEN")->loc.line, 62);

    assert_int_equal(w->sysctls.len, 1);
    const wl_env *sc = w->sysctls.items[0];
    assert_string_equal(sc->name, "net.core.somaxconn");
    assert_string_equal(sc->value, "1024");
    assert_int_equal(sc->loc.line, 64);

    assert_true(c->has_resources_block);
    assert_int_equal(c->resources_loc.line, 65);
    assert_string_equal(c->res.mem_limit.value, "512m");
    assert_loc(c->res.mem_limit.loc, 65, 16);
    assert_string_equal(c->res.mem_request.value, "128m");
    assert_int_equal(c->res.mem_request.loc.line, 66);
    assert_string_equal(c->res.cpu_limit.value, "0.5");
    assert_int_equal(c->res.cpu_limit.loc.line, 67);
    assert_string_equal(c->res.pids_limit.value, "100");
    assert_int_equal(c->res.pids_limit.loc.line, 68);
    assert_null(c->res.cpu_request.value);
    assert_int_equal(c->res.cpu_request.loc.line, 3);
    assert_false(c->has_liveness); /* a healthcheck is not a liveness probe */
    assert_false(c->has_readiness);

    assert_true(s->has_networks);
    assert_int_equal(s->networks.len, 2);
    assert_string_equal(str_at(&s->networks, 0)->value, "front");
    assert_loc(str_at(&s->networks, 0)->loc, 69, 16);
    assert_string_equal(str_at(&s->networks, 1)->value, "back");
    assert_int_equal(s->uses.len, 1);
    assert_string_equal(str_at(&s->uses, 0)->value, "api");
    assert_false(s->has_expose);
    assert_null(s->network_mode.value);

    cp_service *api = svc(cf, "api");
    assert_null(ctr(api)->image.value); /* build only */
    assert_true(api->has_expose);
    assert_false(api->has_networks);
    assert_int_equal(ctr(api)->privileged, WL_UNSET);
    assert_int_equal(ctr(api)->mounts.len, 0);
    assert_false(ctr(api)->has_resources_block);

    assert_int_equal(cf->networks.len, 2);
    const cp_network *front = cf->networks.items[0], *back = cf->networks.items[1];
    assert_string_equal(front->name, "front");
    assert_int_equal(front->internal, WL_UNSET);
    assert_loc(front->loc, 77, 3);
    assert_string_equal(back->name, "back");
    assert_int_equal(back->internal, WL_TRUE);
    assert_false(back->external);
    done(cf);
}

/* ---- host namespaces and network modes ---- */

static void test_modes(void **state)
{
    static const char text[] =
        "services:\n"                          /* 1 */
        "  vpn:\n"                             /* 2 */
        "    image: wireguard:1.0\n"           /* 3 */
        "    network_mode: host\n"             /* 4 */
        "  sidecar:\n"                         /* 5 */
        "    image: busybox:1.36\n"            /* 6 */
        "    network_mode: \"container:vpn\"\n" /* 7 */
        "    pid: \"service:vpn\"\n"           /* 8 */
        "    ipc: shareable\n"                 /* 9 */
        "    userns_mode: \"keep-id\"\n"       /* 10 */
        "  offline:\n"                         /* 11 */
        "    image: busybox:1.36\n"            /* 12 */
        "    network_mode: none\n"             /* 13 */
        "    privileged: false\n"              /* 14 */
        "    read_only: \"yes\"\n"             /* 15 */
        "    security_opt: [\"no-new-privileges=false\", \"seccomp=/etc/docker/sc.json\"]\n";
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    wl_workload *vpn = svc(cf, "vpn")->w;
    assert_int_equal(vpn->host_network, WL_TRUE);
    assert_loc(vpn->host_network_loc, 4, 19);
    assert_string_equal(svc(cf, "vpn")->network_mode.value, "host");

    cp_service *sc = svc(cf, "sidecar");
    assert_int_equal(sc->w->host_network, WL_FALSE);
    assert_int_equal(sc->w->host_network_loc.line, 7);
    assert_string_equal(sc->network_mode.value, "container:vpn");
    assert_int_equal(sc->w->host_pid, WL_FALSE);
    assert_int_equal(sc->w->host_ipc, WL_FALSE);
    assert_int_equal(sc->w->host_users, WL_FALSE);

    cp_service *off = svc(cf, "offline");
    assert_int_equal(off->w->host_network, WL_FALSE);
    assert_int_equal(ctr(off)->privileged, WL_FALSE);
    assert_int_equal(ctr(off)->privileged_loc.line, 14);
    assert_int_equal(ctr(off)->read_only_root, WL_TRUE);
    assert_int_equal(ctr(off)->allow_priv_esc, WL_TRUE);
    assert_int_equal(ctr(off)->allow_priv_esc_loc.line, 16);
    assert_string_equal(ctr(off)->seccomp.value, "/etc/docker/sc.json");
    done(cf);
}

/* ---- users ---- */

static void test_users(void **state)
{
    static const char text[] = "services:\n"
                               "  a: {image: x, user: root}\n"
                               "  b: {image: x, user: \"0:0\"}\n"
                               "  c: {image: x, user: app}\n"
                               "  d: {image: x, user: \"1000\"}\n"
                               "  e: {image: x, user: \"app:root\"}\n"
                               "  f: {image: x, user: \"${UID}:${GID}\"}\n"
                               "  g: {image: x, user: \"${APP_USER}\"}\n";
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    wl_container *a = ctr(svc(cf, "a"));
    assert_true(a->has_run_as_user);
    assert_int_equal(a->run_as_user, 0);
    assert_false(a->has_run_as_group);
    assert_int_equal(a->run_as_user_loc.line, 2);
    wl_container *b = ctr(svc(cf, "b"));
    assert_int_equal(b->run_as_user, 0);
    assert_true(b->has_run_as_group);
    assert_int_equal(b->run_as_group, 0);
    wl_container *c = ctr(svc(cf, "c"));
    assert_string_equal(c->user.value, "app");
    assert_false(c->has_run_as_user);
    wl_container *d = ctr(svc(cf, "d"));
    assert_true(d->has_run_as_user);
    assert_int_equal(d->run_as_user, 1000);
    wl_container *e = ctr(svc(cf, "e"));
    assert_false(e->has_run_as_user);
    assert_true(e->has_run_as_group);
    assert_int_equal(e->run_as_group, 0);
    wl_container *f = ctr(svc(cf, "f"));
    assert_string_equal(f->user.value, "${UID}:${GID}"); /* kept as written */
    assert_false(f->has_run_as_user);
    wl_container *g = ctr(svc(cf, "g"));
    assert_null(g->user.value); /* only a variable */
    done(cf);
}

/* ---- environment forms ---- */

static void test_environment_map(void **state)
{
    static const char text[] = "services:\n"                          /* 1 */
                               "  db:\n"                              /* 2 */
                               "    image: postgres:16.2\n"           /* 3 */
                               "    environment:\n"                   /* 4 */
                               "      POSTGRES_DB: shop\n"            /* 5 */
                               "      POSTGRES_PORT: 5432\n"          /* 6 */
                               "      FEATURE_X: true\n"              /* 7 */
                               "      FROM_HOST:\n"                   /* 8 */
                               "      PASSWORD: ${DB_PASSWORD:-dev}\n" /* 9 */
                               "      URL: \"postgres://${HOST}/db\"\n"; /* 10 */
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    wl_container *c = ctr(svc(cf, "db"));
    assert_int_equal(c->env.len, 6);
    assert_string_equal(env_named(c, "POSTGRES_DB")->value, "shop");
    assert_loc(env_named(c, "POSTGRES_DB")->loc, 5, 7);
    assert_string_equal(env_named(c, "POSTGRES_PORT")->value, "5432");
    assert_string_equal(env_named(c, "FEATURE_X")->value, "true");
    assert_null(env_named(c, "FROM_HOST")->value);
    assert_int_equal(env_named(c, "FROM_HOST")->loc.line, 8);
    assert_null(env_named(c, "PASSWORD")->value);
    assert_string_equal(env_named(c, "URL")->value, "postgres://${HOST}/db");
    done(cf);
}

/* ---- version 2 resources and deploy (version 3) resources ---- */

static void test_resources(void **state)
{
    static const char text[] = "version: \"2.4\"\n"          /* 1 */
                               "services:\n"                 /* 2 */
                               "  worker:\n"                 /* 3 */
                               "    image: app:2.1\n"        /* 4 */
                               "    cpu_quota: 50000\n"      /* 5 */
                               "    deploy:\n"               /* 6 */
                               "      resources:\n"          /* 7 */
                               "        limits:\n"           /* 8 */
                               "          memory: 1G\n"      /* 9 */
                               "          pids: 200\n"       /* 10 */
                               "        reservations:\n"     /* 11 */
                               "          cpus: '0.25'\n"    /* 12 */
                               "          memory: 256M\n"    /* 13 */
                               "  cache:\n"                  /* 14 */
                               "    image: redis:7.2\n"      /* 15 */
                               "    deploy:\n"               /* 16 */
                               "      resources:\n"          /* 17 */
                               "        limits:\n"           /* 18 */
                               "          cpus: \"1.5\"\n"   /* 19 */
                               "    cpus: 2\n";              /* 20 */
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    wl_container *w = ctr(svc(cf, "worker"));
    assert_true(w->has_resources_block);
    assert_int_equal(w->resources_loc.line, 5);
    assert_string_equal(w->res.cpu_limit.value, "0.5"); /* 50000 / 100000 */
    assert_int_equal(w->res.cpu_limit.loc.line, 5);
    assert_string_equal(w->res.mem_limit.value, "1G");
    assert_loc(w->res.mem_limit.loc, 9, 19);
    assert_string_equal(w->res.pids_limit.value, "200");
    assert_string_equal(w->res.cpu_request.value, "0.25");
    assert_int_equal(w->res.cpu_request.loc.line, 12);
    assert_string_equal(w->res.mem_request.value, "256M");
    wl_container *c = ctr(svc(cf, "cache"));
    assert_string_equal(c->res.cpu_limit.value, "2"); /* the service-level setting wins */
    assert_int_equal(c->res.cpu_limit.loc.line, 20);
    assert_int_equal(c->resources_loc.line, 20);
    done(cf);
}

static void test_volume_kinds(void **state)
{
    static const char text[] = "services:\n"                                        /* 1 */
                               "  agent:\n"                                         /* 2 */
                               "    image: portainer/agent:2.20.1\n"                /* 3 */
                               "    volumes:\n"                                     /* 4 */
                               "      - type: bind\n"                               /* 5 */
                               "        source: data\n"                             /* 6 */
                               "        target: /data\n"                            /* 7 */
                               "      - type: volume\n"                             /* 8 */
                               "        source: certs\n"                            /* 9 */
                               "        target: /certs\n"                           /* 10 */
                               "        read_only: true\n"                          /* 11 */
                               "      - type: volume\n"                             /* 12 */
                               "        source: cache\n"                            /* 13 */
                               "        target: /cache\n"                           /* 14 */
                               "      - type: npipe\n"                              /* 15 */
                               "        source: \\\\.\\pipe\\docker_engine\n" /* 16 */
                               "        target: \\\\.\\pipe\\docker_engine\n" /* 17 */
                               "      - \"${DOCKER_SOCK:-/var/run/docker.sock}:/var/run/docker.sock\"\n"
                               "      - \"/srv/a${SUFFIX:-:x}:/a:ro\"\n"          /* 19 */
                               "volumes:\n"                                         /* 20 */
                               "  certs:\n"                                         /* 21 */
                               "    driver_opts: {type: none, o: \"bind,ro\", device: /etc/ssl/private}\n"
                               "  cache: {}\n";
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    wl_container *c = ctr(svc(cf, "agent"));
    assert_int_equal(c->mounts.len, 4);
    assert_mount(&c->mounts, 0, "data", "/data", false, 5);
    assert_mount(&c->mounts, 1, "/etc/ssl/private", "/certs", true, 8);
    assert_mount(&c->mounts, 2, "\\\\.\\pipe\\docker_engine", "\\\\.\\pipe\\docker_engine", false, 15);
    /* a source that is only a variable is unknown; separators inside ${...} are not */
    assert_mount(&c->mounts, 3, "/srv/a${SUFFIX:-:x}", "/a", true, 19);
    done(cf);
}

/* ---- merge keys and anchors ---- */

static const char MERGE[] =
    "x-logging: &logging\n"                   /* 1 */
    "  driver: json-file\n"                   /* 2 */
    "x-base: &base\n"                         /* 3 */
    "  restart: unless-stopped\n"             /* 4 */
    "  privileged: true\n"                    /* 5 */
    "  cap_add: [SYS_ADMIN]\n"                /* 6 */
    "  environment: &env\n"                   /* 7 */
    "    TZ: UTC\n"                           /* 8 */
    "x-hardened: &hardened\n"                 /* 9 */
    "  privileged: false\n"                   /* 10 */
    "  read_only: true\n"                     /* 11 */
    "services:\n"                             /* 12 */
    "  web:\n"                                /* 13 */
    "    <<: *base\n"                         /* 14 */
    "    image: nginx:1.25\n"                 /* 15 */
    "    logging: *logging\n"                 /* 16 */
    "  worker:\n"                             /* 17 */
    "    <<: [*hardened, *base]\n"            /* 18 */
    "    image: worker:3\n"                   /* 19 */
    "    environment: *env\n"                 /* 20 */
    "  admin:\n"                              /* 21 */
    "    <<: *base\n"                         /* 22 */
    "    privileged: false\n"                 /* 23 */
    "    image: admin:1\n";                   /* 24 */

static void test_merge_keys(void **state)
{
    cp_file *cf = parse(*state, MERGE);
    assert_no_problems(cf);
    assert_int_equal(cf->services.len, 3);
    wl_container *web = ctr(svc(cf, "web"));
    assert_int_equal(web->privileged, WL_TRUE);
    assert_loc(web->privileged_loc, 5, 15); /* where the text is: the anchored mapping */
    assert_int_equal(web->cap_add.len, 1);
    assert_int_equal(str_at(&web->cap_add, 0)->loc.line, 6);
    assert_string_equal(env_named(web, "TZ")->value, "UTC");
    assert_string_equal(web->image.value, "nginx:1.25");
    /* earlier mappings in a merge list win */
    wl_container *worker = ctr(svc(cf, "worker"));
    assert_int_equal(worker->privileged, WL_FALSE);
    assert_int_equal(worker->privileged_loc.line, 10);
    assert_int_equal(worker->read_only_root, WL_TRUE);
    assert_int_equal(worker->cap_add.len, 1);
    assert_int_equal(env_named(worker, "TZ")->loc.line, 8);
    /* explicit keys win over merged ones, wherever they are */
    wl_container *admin = ctr(svc(cf, "admin"));
    assert_int_equal(admin->privileged, WL_FALSE);
    assert_int_equal(admin->privileged_loc.line, 23);
    done(cf);
}

static void test_extends(void **state)
{
    static const char text[] = "services:\n"                     /* 1 */
                               "  base:\n"                       /* 2 */
                               "    image: app:1.4\n"            /* 3 */
                               "    privileged: true\n"          /* 4 */
                               "    environment: [MODE=prod]\n"  /* 5 */
                               "  debug:\n"                      /* 6 */
                               "    extends: base\n"             /* 7 */
                               "    environment: [MODE=debug]\n" /* 8 */
                               "  debug2:\n"                     /* 9 */
                               "    extends:\n"                  /* 10 */
                               "      service: debug\n"          /* 11 */
                               "    privileged: false\n"         /* 12 */
                               "  other:\n"                      /* 13 */
                               "    extends: {file: common.yml, service: web}\n" /* 14 */
                               "    image: x:1\n"                /* 15 */
                               "  loop:\n"                       /* 16 */
                               "    extends: loop\n"             /* 17 */
                               "    image: x:1\n"                /* 18 */
                               "  missing:\n"                    /* 19 */
                               "    extends: nowhere\n"          /* 20 */
                               "    image: x:1\n";               /* 21 */
    cp_file *cf = parse(*state, text);
    assert_int_equal(cf->problems.len, 2);
    const cp_problem *p0 = cf->problems.items[0], *p1 = cf->problems.items[1];
    assert_int_equal(p0->loc.line, 17);
    assert_non_null(strstr(p0->msg, "circular"));
    assert_int_equal(p1->loc.line, 20);
    assert_non_null(strstr(p1->msg, "\"nowhere\""));
    cp_service *d = svc(cf, "debug");
    assert_string_equal(d->extends, "base");
    assert_string_equal(ctr(d)->image.value, "app:1.4");
    assert_int_equal(ctr(d)->image.loc.line, 3);
    assert_int_equal(ctr(d)->privileged, WL_TRUE);
    assert_int_equal(ctr(d)->env.len, 1);
    assert_string_equal(env_named(ctr(d), "MODE")->value, "debug");
    cp_service *d2 = svc(cf, "debug2");
    assert_string_equal(d2->extends, "debug");
    assert_int_equal(ctr(d2)->privileged, WL_FALSE);
    assert_string_equal(ctr(d2)->image.value, "app:1.4");
    assert_string_equal(env_named(ctr(d2), "MODE")->value, "debug");
    assert_null(svc(cf, "other")->extends); /* another file: not followed */
    done(cf);
}

/* ---- interpolation ---- */

static void test_only_variable(void **state)
{
    (void)state;
    assert_true(cp_only_variable("${IMAGE}"));
    assert_true(cp_only_variable("$IMAGE"));
    assert_true(cp_only_variable("${IMAGE:-nginx:1.25}"));
    assert_true(cp_only_variable("${IMAGE-nginx}"));
    assert_true(cp_only_variable("${IMAGE:?set IMAGE}"));
    assert_true(cp_only_variable("${A:-${B:-c}}"));
    assert_false(cp_only_variable("$$IMAGE"));
    assert_false(cp_only_variable("nginx:${TAG}"));
    assert_false(cp_only_variable("${REGISTRY}/app"));
    assert_false(cp_only_variable("${A}${B}"));
    assert_false(cp_only_variable("${A"));
    assert_false(cp_only_variable("$"));
    assert_false(cp_only_variable("${1A}"));
    assert_false(cp_only_variable(""));
}

static void test_variables(void **state)
{
    static const char text[] =
        "services:\n"                                      /* 1 */
        "  app:\n"                                         /* 2 */
        "    image: ${IMAGE}\n"                            /* 3 */
        "    privileged: ${PRIVILEGED:-false}\n"           /* 4 */
        "    network_mode: ${NET_MODE}\n"                  /* 5 */
        "    cap_add: ${CAPS}\n"                           /* 6 */
        "    ports:\n"                                     /* 7 */
        "      - \"${PORT:-8080}:80\"\n"                   /* 8 */
        "      - \"${BIND_IP:-127.0.0.1}:${PORT}:443\"\n"  /* 9 */
        "      - ${PORTS}\n"                               /* 10 */
        "    volumes:\n"                                   /* 11 */
        "      - ${DATA_DIR:-./data}:/data\n"              /* 12 */
        "      - ${PWD}/config:/config:ro\n"               /* 13 */
        "      - ${VOLUME}\n"                              /* 14 */
        "  web:\n"                                         /* 15 */
        "    image: registry.example.com/web:${TAG:-1.0}\n"; /* 16 */
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    wl_container *c = ctr(svc(cf, "app"));
    assert_null(c->image.value);
    assert_int_equal(c->privileged, WL_UNSET);
    assert_int_equal(svc(cf, "app")->w->host_network, WL_UNSET);
    assert_null(svc(cf, "app")->network_mode.value);
    assert_int_equal(c->cap_add.len, 0);
    assert_int_equal(c->ports.len, 2);
    assert_port(c, 0, NULL, 0, 80, NULL, 8);
    assert_port(c, 1, "${BIND_IP:-127.0.0.1}", 0, 443, NULL, 9);
    assert_int_equal(c->mounts.len, 1);
    assert_mount(&c->mounts, 0, "${PWD}/config", "/config", true, 13);
    assert_string_equal(ctr(svc(cf, "web"))->image.value, "registry.example.com/web:${TAG:-1.0}");
    done(cf);
}

/* Single-quoted scalars are decoded by moat (libfyaml 0.7.12 leaks memory
 * and drops characters on runs of '' escapes). */
static void test_single_quoted(void **state)
{
    static const char text[] = "services:\n"
                               "  app:\n"
                               "    image: 'registry.example.com/app:1.0'\n"
                               "    environment:\n"
                               "      QUOTE: 'It''s'\n"
                               "      RUN: 'x''''''''y'\n"
                               "      FOLD: 'a\n        b  \n        c'\n"
                               "      EMPTY_LINES: 'a\n\n\n        b'\n"
                               "      CRLF: 'a\r\n        b'\n"
                               "      LEAD: '  padded  '\n"
                               "      UTF8: '\xc3\xa9t\xc3\xa9'\n"
                               "      NONE: ''\n";
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    wl_container *c = ctr(svc(cf, "app"));
    assert_string_equal(c->image.value, "registry.example.com/app:1.0");
    assert_loc(c->image.loc, 3, 13);
    assert_string_equal(env_named(c, "QUOTE")->value, "It's");
    assert_string_equal(env_named(c, "RUN")->value, "x''''y");
    assert_string_equal(env_named(c, "FOLD")->value, "a b c");
    assert_string_equal(env_named(c, "EMPTY_LINES")->value, "a\n\nb");
    assert_string_equal(env_named(c, "CRLF")->value, "a b");
    assert_string_equal(env_named(c, "LEAD")->value, "  padded  ");
    assert_string_equal(env_named(c, "UTF8")->value, "\xc3\xa9t\xc3\xa9");
    assert_string_equal(env_named(c, "NONE")->value, "");
    done(cf);
}

/* ---- JSON, multiple documents ---- */

static void test_json(void **state)
{
    static const char text[] = "{\n"                                   /* 1 */
                               "  \"services\": {\n"                   /* 2 */
                               "    \"web\": {\n"                      /* 3 */
                               "      \"image\": \"nginx:1.25\",\n"    /* 4 */
                               "      \"privileged\": true,\n"         /* 5 */
                               "      \"ports\": [\"8080:80\"],\n"     /* 6 */
                               "      \"environment\": {\"A\": 1}\n"   /* 7 */
                               "    }\n"                               /* 8 */
                               "  }\n"                                 /* 9 */
                               "}\n";
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    wl_container *c = ctr(svc(cf, "web"));
    assert_int_equal(c->privileged, WL_TRUE);
    assert_loc(c->privileged_loc, 5, 21);
    assert_port(c, 0, NULL, 8080, 80, NULL, 6);
    assert_string_equal(env_named(c, "A")->value, "1");
    assert_true(cp_sniff(text, strlen(text)));
    done(cf);
}

static void test_json_with_tabs(void **state)
{
    static const char text[] = "{\n\t\"services\": {\n\t\t\"db\": {\"image\": \"postgres:16\", "
                               "\"network_mode\": \"host\"}\n\t}\n}\n";
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    assert_int_equal(svc(cf, "db")->w->host_network, WL_TRUE);
    assert_int_equal(svc(cf, "db")->w->host_network_loc.line, 3);
    done(cf);
}

static void test_documents(void **state)
{
    static const char text[] = "services:\n"              /* 1 */
                               "  a: {image: a:1}\n"      /* 2 */
                               "---\n"                    /* 3 */
                               "services:\n"              /* 4 */
                               "  b:\n"                   /* 5 */
                               "    image: b:1\n"         /* 6 */
                               "    privileged: true\n";  /* 7 */
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    assert_int_equal(cf->documents, 2);
    assert_int_equal(cf->services.len, 2);
    assert_int_equal(ctr(svc(cf, "b"))->privileged_loc.line, 7);
    done(cf);
}

/* ---- line breaks: CRLF and a lone CR end lines, as in YAML ---- */

static void test_line_breaks(void **state)
{
    static const char crlf[] = "services:\r\n  web:\r\n    image: nginx:1.25\r\n"
                               "    privileged: true\r\n";
    cp_file *cf = parse(*state, crlf);
    assert_no_problems(cf);
    assert_loc(ctr(svc(cf, "web"))->privileged_loc, 4, 17);
    done(cf);
    static const char cr[] = "services:\r  web:\r    image: nginx:1.25\r    privileged: true\r";
    cf = parse(*state, cr);
    assert_no_problems(cf);
    assert_loc(ctr(svc(cf, "web"))->privileged_loc, 4, 17);
    done(cf);
    cf = parse(*state, "services:\r  web:\r    image: \"\xc3\xa9\xff\"\r");
    assert_problem(cf, 3, "invalid UTF-8");
    assert_int_equal(((cp_problem *)cf->problems.items[0])->loc.col, 14); /* characters */
    done(cf);
}

/* The analyzer on a CRLF file: findings at the right lines, snippets
 * without the line break, suppression comments. */
static void test_analyzer(void **state)
{
    (void)state;
    static const char text[] = "services:\r\n"                                /* 1 */
                               "  web:\r\n"                                   /* 2 */
                               "    image: nginx:1.25\r\n"                    /* 3 */
                               "    privileged: true\r\n"                     /* 4 */
                               "  vpn:\r\n"                                   /* 5 */
                               "    image: gluetun:3\r\n"                     /* 6 */
                               "    # moat:ignore=WL1008 needs host routes\r\n" /* 7 */
                               "    network_mode: host\r\n";                  /* 8 */
    mt_scan_opts o;
    mt_scan_opts_init(&o);
    mt_report rep;
    mt_report_init(&rep);
    assert_int_equal(mt_scan_buffer(&o, "docker-compose.yml", text, strlen(text), NULL, &rep), 0);
    assert_int_equal(rep.results.len, 1);
    const mt_result *r = rep.results.items[0];
    assert_string_equal(r->type, "compose");
    assert_string_equal(r->class, "config");
    /* every workload rule runs; look at the two this file is about */
    int seen = 0;
    for (size_t i = 0; i < r->findings.len; i++) {
        const mt_finding *f = r->findings.items[i];
        if (!strcmp(f->rule->id, "WL1001")) {
            assert_int_equal(f->start_line, 4);
            assert_string_equal(f->snippet, "    privileged: true");
            assert_int_equal(f->suppressed, MT_SUPPRESS_NONE);
            seen |= 1;
        } else if (!strcmp(f->rule->id, "WL1008")) {
            assert_int_equal(f->start_line, 8);
            assert_int_equal(f->suppressed, MT_SUPPRESS_INLINE);
            assert_string_equal(f->suppress_reason, "needs host routes");
            seen |= 2;
        } else {
            /* the others are at the services' lines, never suppressed by
             * the comment naming WL1008 */
            assert_true(f->start_line >= 2 && f->start_line <= 8);
            assert_int_equal(f->suppressed, MT_SUPPRESS_NONE);
        }
    }
    assert_int_equal(seen, 3);
    mt_report_free(&rep);
    /* the rules are found by ID, the workload ones too */
    assert_non_null(mt_rule_lookup("CP0001"));
    assert_non_null(mt_rule_lookup("CP0002"));
    assert_non_null(mt_rule_lookup("WL1001"));
    assert_string_equal(mt_analyzer_by_type("compose")->type, "compose");
    mt_scan_opts_free(&o);
}

/* ---- problems: syntax, bounds, structure ---- */

static void test_syntax_errors(void **state)
{
    cp_file *cf = parse(*state, "services:\n  web:\n    image: nginx\n   ports: [\n");
    assert_int_equal(cf->problems.len, 1);
    const cp_problem *p = cf->problems.items[0];
    assert_non_null(strstr(p->msg, "not valid YAML"));
    assert_true(p->loc.line >= 3);
    assert_int_equal(cf->services.len, 0);
    done(cf);

    cf = parse(*state, "services:\n  web:\n    image: nginx:1\n    image: nginx:2\n");
    assert_problem(cf, 4, "duplicate key \"image\"");
    assert_int_equal(((cp_problem *)cf->problems.items[0])->loc.col, 5);
    done(cf);

    cf = parse(*state, "x: &a {privileged: true}\nx-b: &b {image: y}\nservices:\n  web:\n    <<: *a\n"
                       "    <<: *b\n");
    assert_problem(cf, 6, "duplicate merge key <<");
    done(cf);

    cf = parse(*state, "services:\n\tweb:\n");
    assert_problem(cf, 2, "tab");
    done(cf);

    cf = parse(*state, "services:\n  web:\n    image: \"a\xff\"\n");
    assert_problem(cf, 3, "invalid UTF-8");
    assert_int_equal(((cp_problem *)cf->problems.items[0])->loc.col, 14);
    done(cf);

    /* NUL and other control characters are refused before libfyaml sees
     * them (libfyaml 0.7.12 crashes on "? a:\t\0b") */
    static const char nul[] = "services:\n  web:\n    image: x\n? a:\t\0b";
    cf = mt_arena_alloc(*state, sizeof(*cf));
    cp_parse(*state, nul, sizeof(nul) - 1, cf);
    assert_problem(cf, 4, "control character U+0000");
    assert_int_equal(((cp_problem *)cf->problems.items[0])->loc.col, 6);
    done(cf);
    /* libfyaml 0.7.12 crashes on a tab before an indicator in explicit keys */
    cf = parse(*state, "services:\n  web:\n    image: x\n? a:\t?\n");
    assert_problem(cf, 4, "a tab before an indicator");
    assert_int_equal(((cp_problem *)cf->problems.items[0])->loc.col, 5);
    done(cf);
    cf = parse(*state, "services:\n  web:\n    image: x\t# tab, no explicit key\n");
    assert_no_problems(cf);
    done(cf);
    cf = parse(*state, "services:\n  web:\n    image: x:1\n  db:\n    image: \"what? \"\n");
    assert_no_problems(cf);
    done(cf);
    cf = parse(*state, "services:\n  web:\n    image: \"a\x1b[0m\"\n");
    assert_problem(cf, 3, "U+001B");
    done(cf);

    cf = parse(*state, "");
    assert_int_equal(cf->problems.len, 0);
    assert_int_equal(cf->services.len, 0);
    done(cf);
    cf = parse(*state, "# only a comment\n");
    assert_int_equal(cf->problems.len, 0);
    done(cf);
}

static void test_alias_bomb(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "x-a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for (int i = 1; i < 10; i++) {
        mt_buf_printf(&b, "x-a%d: &a%d [", i, i);
        for (int k = 0; k < 10; k++)
            mt_buf_printf(&b, "%s*a%d", k ? ", " : "", i - 1);
        mt_buf_puts(&b, "]\n");
    }
    mt_buf_puts(&b, "services:\n  web:\n    image: x:1\n    environment: *a9\n");
    cp_file *cf = parse(*state, b.data);
    /* found where it is defined: the fifth level already expands to 111,110 */
    assert_problem(cf, 5, "more than 100000 nodes");
    assert_int_equal(cf->services.len, 0);
    done(cf);
    mt_buf_free(&b);

    /* the same through merge keys: ten times wider at each step */
    mt_buf_init(&b);
    mt_buf_puts(&b, "x-m0: &m0 {k: [a, b, c, d, e, f, g, h, i, j]}\n");
    for (int i = 1; i < 7; i++) {
        mt_buf_printf(&b, "x-m%d: &m%d {<<: *m%d, k%d: [", i, i, i - 1, i);
        for (int k = 0; k < 10; k++)
            mt_buf_printf(&b, "%s*m%d", k ? ", " : "", i - 1);
        mt_buf_puts(&b, "]}\n");
    }
    mt_buf_puts(&b, "services:\n  web:\n    <<: *m6\n    image: x:1\n");
    cf = parse(*state, b.data);
    assert_problem(cf, 5, "alias bomb");
    done(cf);
    mt_buf_free(&b);

    /* large text copied through aliases */
    mt_buf_init(&b);
    mt_buf_puts(&b, "x-big: &big \"");
    for (int i = 0; i < 600000; i++)
        mt_buf_putc(&b, 'a');
    mt_buf_puts(&b, "\"\nservices:\n  web:\n    image: x:1\n    environment:\n");
    for (int i = 0; i < 40; i++)
        mt_buf_printf(&b, "      V%d: *big\n", i);
    cf = parse(*state, b.data);
    assert_int_equal(cf->problems.len, 1);
    assert_non_null(strstr(((cp_problem *)cf->problems.items[0])->msg, "bytes of text"));
    done(cf);
    mt_buf_free(&b);
}

static void test_alias_errors(void **state)
{
    cp_file *cf = parse(*state, "x: &a [*a]\nservices:\n  web:\n    image: x\n    cap_add: *a\n");
    assert_problem(cf, 1, "recursive alias");
    done(cf);

    cf = parse(*state, "services:\n  web:\n    image: *nope\n");
    assert_problem(cf, 3, "alias *nope refers to no anchor");
    done(cf);

    cf = parse(*state, "services:\n  web:\n    <<: plain\n    image: x\n");
    assert_problem(cf, 3, "merge key (<<) takes a mapping");
    done(cf);

    /* an ordinary alias used many times stays well within the budget */
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "x-env: &env {A: \"1\", B: \"2\", C: \"3\"}\nservices:\n");
    for (int i = 0; i < 200; i++)
        mt_buf_printf(&b, "  s%d: {image: \"x:1\", environment: *env}\n", i);
    cf = parse(*state, b.data);
    assert_no_problems(cf);
    assert_int_equal(cf->services.len, 200);
    assert_int_equal(ctr(svc(cf, "s199"))->env.len, 3);
    done(cf);
    mt_buf_free(&b);
}

static void test_depth_and_scalar_bounds(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "services:\n  web:\n    image: x\n    labels: ");
    for (int i = 0; i < 70; i++)
        mt_buf_putc(&b, '[');
    for (int i = 0; i < 70; i++)
        mt_buf_putc(&b, ']');
    mt_buf_putc(&b, '\n');
    cp_file *cf = parse(*state, b.data);
    assert_int_equal(cf->problems.len, 1);
    const char *m = ((cp_problem *)cf->problems.items[0])->msg;
    if (!strstr(m, "nesting deeper than 64") && !strstr(m, "not valid YAML"))
        fail_msg("unexpected message %s", m);
    done(cf);
    mt_buf_free(&b);

    /* nesting built up through aliases is bounded too */
    mt_buf_init(&b);
    mt_buf_puts(&b, "x0: &d0 [a]\n");
    for (int i = 1; i < 80; i++)
        mt_buf_printf(&b, "x%d: &d%d [*d%d]\n", i, i, i - 1);
    mt_buf_puts(&b, "services:\n  web:\n    image: x\n    labels: *d79\n");
    cf = parse(*state, b.data);
    /* two levels (alias, list) per line: x32 is one too many */
    assert_problem(cf, 33, "nesting deeper than 64");
    done(cf);
    mt_buf_free(&b);

    mt_buf_init(&b);
    mt_buf_puts(&b, "services:\n  web:\n    image: x\n    command: \"");
    for (size_t i = 0; i < CP_SCALAR_MAX + 1; i++)
        mt_buf_putc(&b, 'x');
    mt_buf_puts(&b, "\"\n");
    cf = parse(*state, b.data);
    assert_problem(cf, 4, "scalars of up to");
    done(cf);
    mt_buf_free(&b);
}

static void test_structure_errors(void **state)
{
    cp_file *cf = parse(*state, "services:\n  - web\n  - db\n");
    assert_problem(cf, 2, "services must be a mapping");
    done(cf);

    cf = parse(*state, "- services\n");
    assert_problem(cf, 1, "not a list");
    done(cf);

    cf = parse(*state, "web:\n  image: nginx\n  ports: [\"80:80\"]\n");
    assert_problem(cf, 1, "version 1 format");
    done(cf);

    static const char text[] = "services:\n"                       /* 1 */
                               "  web:\n"                          /* 2 */
                               "    image: nginx:1.25\n"           /* 3 */
                               "    cap_add: NET_ADMIN\n"          /* 4 */
                               "    privileged: maybe\n"           /* 5 */
                               "    ports:\n"                      /* 6 */
                               "      - \"80:80:80:80\"\n"         /* 7 */
                               "      - \"http\"\n"                /* 8 */
                               "      - \"70000:80\"\n"            /* 9 */
                               "      - published: 80\n"           /* 10 */
                               "    environment: FOO=1\n"          /* 11 */
                               "    volumes:\n"                    /* 12 */
                               "      - \":/data\"\n"              /* 13 */
                               "  db: postgres\n"                  /* 14 */
                               "  cache:\n"                        /* 15 */
                               "networks: [a, b]\n";               /* 16 */
    cf = parse(*state, text);
    static const int lines[] = {4, 5, 7, 8, 9, 10, 11, 13, 14, 15, 16};
    static const char *const words[] = {"cap_add must be a list",
                                        "privileged must be true or false, not \"maybe\"",
                                        "\"80:80:80:80\" is not",
                                        "\"http\" is not",
                                        "\"70000:80\" is not",
                                        "numeric target",
                                        "environment must be a list or a mapping",
                                        "volume \":/data\"",
                                        "service \"db\" is not a mapping",
                                        "service \"cache\" is empty",
                                        "networks (top level) must be a mapping"};
    assert_int_equal(cf->problems.len, MT_ARRAY_LEN(lines));
    /* problems come in reading order: top-level networks first */
    for (size_t i = 0; i < cf->problems.len; i++) {
        const cp_problem *p = cf->problems.items[i];
        bool ok = false;
        for (size_t k = 0; k < MT_ARRAY_LEN(lines) && !ok; k++)
            ok = p->loc.line == lines[k] && strstr(p->msg, words[k]);
        if (!ok)
            fail_msg("unexpected problem %d: %s", p->loc.line, p->msg);
    }
    /* the service is still read */
    assert_int_equal(cf->services.len, 1);
    assert_string_equal(ctr(svc(cf, "web"))->image.value, "nginx:1.25");
    done(cf);

    cf = parse(*state, "services:\n  \"my web\":\n    image: x\n  web.v2_a-b:\n    image: y\n");
    assert_problem(cf, 2, "service name \"my web\" may hold only");
    assert_int_equal(cf->services.len, 1);
    done(cf);
}

static void test_extends_budget(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "services:\n  big:\n    image: x:1\n");
    for (int i = 0; i < 30000; i++)
        mt_buf_printf(&b, "    x-k%d: v\n", i);
    for (int i = 0; i < 5; i++)
        mt_buf_printf(&b, "  s%d: {extends: big, privileged: true}\n", i);
    cp_file *cf = parse(*state, b.data);
    /* 30,002 keys looked at per service: the fourth one crosses 100,000 */
    assert_int_equal(cf->problems.len, 2);
    assert_int_equal(((cp_problem *)cf->problems.items[0])->loc.line, 30007);
    assert_non_null(strstr(((cp_problem *)cf->problems.items[0])->msg, "more than 100000 keys"));
    assert_int_equal(cf->services.len, 6);
    assert_string_equal(ctr(svc(cf, "s2"))->image.value, "x:1");
    assert_null(ctr(svc(cf, "s3"))->image.value);
    done(cf);
    mt_buf_free(&b);
}

static void test_problem_cap(void **state)
{
    mt_buf b;
    mt_buf_init(&b);
    mt_buf_puts(&b, "services:\n");
    for (int i = 0; i < 1500; i++)
        mt_buf_printf(&b, "  s%d: x\n", i);
    cp_file *cf = parse(*state, b.data);
    assert_int_equal(cf->problems.len, 1000);
    assert_non_null(strstr(((cp_problem *)cf->problems.items[999])->msg, "500 more"));
    done(cf);
    mt_buf_free(&b);
}

/* ---- networks ---- */

static void test_networks(void **state)
{
    static const char text[] = "services:\n"
                               "  db:\n"
                               "    image: postgres:16\n"
                               "    networks:\n"
                               "      backend:\n"
                               "        aliases: [database]\n"
                               "      monitoring:\n"
                               "    links: [\"cache:redis\"]\n"
                               "    depends_on:\n"
                               "      cache:\n"
                               "        condition: service_healthy\n"
                               "networks:\n"
                               "  backend:\n"
                               "    internal: true\n"
                               "  monitoring:\n"
                               "    external: true\n"
                               "  edge:\n"
                               "    internal: ${EDGE_INTERNAL}\n"
                               "  legacy:\n"
                               "    external:\n"
                               "      name: old_net\n";
    cp_file *cf = parse(*state, text);
    assert_no_problems(cf);
    cp_service *db = svc(cf, "db");
    assert_int_equal(db->networks.len, 2);
    assert_string_equal(str_at(&db->networks, 1)->value, "monitoring");
    assert_int_equal(str_at(&db->networks, 1)->loc.line, 7);
    assert_int_equal(db->uses.len, 2);
    assert_string_equal(str_at(&db->uses, 0)->value, "cache");
    assert_int_equal(str_at(&db->uses, 0)->loc.line, 10);
    assert_string_equal(str_at(&db->uses, 1)->value, "cache"); /* links: cache:redis */
    assert_int_equal(cf->networks.len, 4);
    const cp_network *mon = cf->networks.items[1], *edge = cf->networks.items[2],
                     *legacy = cf->networks.items[3];
    assert_true(mon->external);
    assert_true(edge->variable);
    assert_int_equal(edge->internal, WL_UNSET);
    assert_true(legacy->external);
    done(cf);
}

/* ---- detection ---- */

static void test_names(void **state)
{
    (void)state;
    static const char *const yes[] = {"compose.yaml",
                                      "compose.yml",
                                      "docker-compose.yaml",
                                      "docker-compose.yml",
                                      "deploy/docker-compose.override.yml",
                                      "docker-compose.prod.yaml",
                                      "compose.dev.yaml",
                                      "a/b/Compose.YML"};
    static const char *const no[] = {"compose.json",     "docker-compose",      "compose.yaml.bak",
                                     "mycompose.yaml",   "docker-compose.yml/", "compose..yaml",
                                     "compose.txt.yamlx", "values.yaml",        "Dockerfile"};
    for (size_t i = 0; i < MT_ARRAY_LEN(yes); i++)
        if (!cp_match_name(yes[i]))
            fail_msg("%s should match", yes[i]);
    for (size_t i = 0; i < MT_ARRAY_LEN(no); i++)
        if (cp_match_name(no[i]))
            fail_msg("%s should not match", no[i]);
    assert_true(cp_maybe_name("stack/app.yaml"));
    assert_true(cp_maybe_name("x.YML"));
    assert_false(cp_maybe_name("x.json"));
}

static void test_sniff(void **state)
{
    (void)state;
    static const char *const yes[] = {
        "services:\n  web:\n    image: nginx\n",
        "# a comment\nversion: '3.8'\n\nservices:   # the stack\n\n  # web\n  web: {image: x}\n",
        "\xEF\xBB\xBFservices:\n  a: {image: x}\n",
        "\"services\":\n  a:\n    build: .\n",
        "services:\n  a:\n    <<: *base\n",
        "services:\n  a:\n    'extends': b\n",
        "services: {web: {image: nginx}}\n",
        "name: x\r\nservices:\r\n  a:\r\n    image: b\r\n",
        "x-base: &b {image: x}\nservices: *s\n",
        "{\"services\": {\"web\": {}}}",
    };
    static const char *const no[] = {
        "apiVersion: v1\nkind: Service\nservices:\n  a: b\n",
        "image: nginx\n",
        "stages: [build]\nservices:\n  - docker:dind\n",
        "services: [docker:dind]\n",
        "spec:\n  services:\n    a: b\n",
        "servicesx:\n  a: b\n",
        "services:\n",
        "{\"apiVersion\": \"v1\", \"kind\": \"List\", \"services\": {}}",
        /* a Helm values file with a services mapping: no service keys */
        "replicaCount: 2\nservices:\n  web:\n    port: 80\n    type: ClusterIP\nimage:\n  tag: 1\n",
        "services: {web: {port: 80}}\n",
        "{\"services\": [1]}",
        "",
    };
    for (size_t i = 0; i < MT_ARRAY_LEN(yes); i++)
        if (!cp_sniff(yes[i], strlen(yes[i])))
            fail_msg("sniff should accept case %zu", i);
    for (size_t i = 0; i < MT_ARRAY_LEN(no); i++)
        if (cp_sniff(no[i], strlen(no[i])))
            fail_msg("sniff should refuse case %zu", i);
}

static void test_rules(void **state)
{
    (void)state;
    size_t n;
    const mt_rule *r = cp_rules(&n);
    assert_int_equal(n, 2);
    assert_string_equal(r[0].id, "CP0001");
    assert_string_equal(r[1].id, "CP0002");
    for (size_t i = 0; i < n; i++) {
        assert_string_equal(r[i].type, "compose");
        assert_non_null(r[i].title);
        assert_non_null(r[i].description);
        assert_non_null(r[i].remediation);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_full_service, setup, teardown),
        cmocka_unit_test_setup_teardown(test_modes, setup, teardown),
        cmocka_unit_test_setup_teardown(test_users, setup, teardown),
        cmocka_unit_test_setup_teardown(test_environment_map, setup, teardown),
        cmocka_unit_test_setup_teardown(test_resources, setup, teardown),
        cmocka_unit_test_setup_teardown(test_volume_kinds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_merge_keys, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extends, setup, teardown),
        cmocka_unit_test(test_only_variable),
        cmocka_unit_test_setup_teardown(test_variables, setup, teardown),
        cmocka_unit_test_setup_teardown(test_single_quoted, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json, setup, teardown),
        cmocka_unit_test_setup_teardown(test_json_with_tabs, setup, teardown),
        cmocka_unit_test_setup_teardown(test_documents, setup, teardown),
        cmocka_unit_test_setup_teardown(test_syntax_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_bomb, setup, teardown),
        cmocka_unit_test_setup_teardown(test_alias_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_depth_and_scalar_bounds, setup, teardown),
        cmocka_unit_test_setup_teardown(test_structure_errors, setup, teardown),
        cmocka_unit_test_setup_teardown(test_extends_budget, setup, teardown),
        cmocka_unit_test_setup_teardown(test_problem_cap, setup, teardown),
        cmocka_unit_test_setup_teardown(test_line_breaks, setup, teardown),
        cmocka_unit_test(test_analyzer),
        cmocka_unit_test_setup_teardown(test_networks, setup, teardown),
        cmocka_unit_test(test_names),
        cmocka_unit_test(test_sniff),
        cmocka_unit_test(test_rules),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
