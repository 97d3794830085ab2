#!/usr/bin/env python3
"""gen_k8s.py — writes a corpus of realistic Kubernetes manifests for
bench/k8s.sh: per application a Deployment (or StatefulSet, DaemonSet,
CronJob), a Service, and RBAC (ServiceAccount, Role, RoleBinding), spread
over namespaces that each have a Namespace object and, for some, network
policies; plus a few ClusterRoles/ClusterRoleBindings. Security settings,
resources, probes and image references vary the way they do in real
repositories (some hardened, some not), so every rule family has work.

    gen_k8s.py OUTDIR [--files N] [--seed S]

Prints "files documents" on stdout."""
import argparse
import json
import os
import random

REGISTRIES = ["", "docker.io/library/", "ghcr.io/acme/", "registry.example.com:5000/team/",
              "123456789012.dkr.ecr.eu-west-1.amazonaws.com/"]
IMAGES = ["nginx", "redis", "postgres", "api", "worker", "frontend", "billing", "auth", "search",
          "mailer", "queue", "scheduler", "metrics-exporter", "gateway"]
TAGS = ["1.25.3", "7.2-alpine", "16.1", "v2.14.0", "latest", "", "2024.05.1", "3.12-slim"]


def image(r):
    ref = r.choice(REGISTRIES) + r.choice(IMAGES)
    tag = r.choice(TAGS)
    if tag:
        ref += ":" + tag
    if r.random() < 0.2:
        ref += "@sha256:" + "".join(r.choice("0123456789abcdef") for _ in range(64))
    return ref


def container(r, name, indent):
    p = " " * indent
    out = [f"{p}- name: {name}", f"{p}  image: {image(r)}"]
    if r.random() < 0.5:
        out.append(f"{p}  imagePullPolicy: {r.choice(['Always', 'IfNotPresent'])}")
    port = r.choice([80, 8080, 8443, 3000, 5432, 6379, 9090])
    out += [f"{p}  ports:", f"{p}    - name: http", f"{p}      containerPort: {port}",
            f"{p}      protocol: TCP"]
    if r.random() < 0.05:
        out.append(f"{p}      hostPort: {port}")
    out += [f"{p}  env:", f"{p}    - name: LOG_LEVEL", f"{p}      value: info",
            f"{p}    - name: DATABASE_HOST", f"{p}      value: db.internal"]
    if r.random() < 0.1:
        out += [f"{p}    - name: API_TOKEN", f"{p}      value: \"s3cr3t-{r.randrange(10**8)}\""]
    out += [f"{p}    - name: DB_PASSWORD", f"{p}      valueFrom:", f"{p}        secretKeyRef:",
            f"{p}          name: db", f"{p}          key: password"]
    if r.random() < 0.7:
        out += [f"{p}  resources:", f"{p}    requests:", f"{p}      cpu: 100m",
                f"{p}      memory: 128Mi"]
        if r.random() < 0.7:
            out += [f"{p}    limits:", f"{p}      cpu: 500m", f"{p}      memory: 512Mi"]
    if r.random() < 0.6:
        out += [f"{p}  livenessProbe:", f"{p}    httpGet:", f"{p}      path: /healthz",
                f"{p}      port: {port}", f"{p}    initialDelaySeconds: 10",
                f"{p}  readinessProbe:", f"{p}    httpGet:", f"{p}      path: /ready",
                f"{p}      port: {port}"]
    hardened = r.random() < 0.4
    if hardened:
        out += [f"{p}  securityContext:", f"{p}    allowPrivilegeEscalation: false",
                f"{p}    readOnlyRootFilesystem: true", f"{p}    runAsNonRoot: true",
                f"{p}    runAsUser: 10001", f"{p}    capabilities:", f"{p}      drop: [ALL]",
                f"{p}    seccompProfile:", f"{p}      type: RuntimeDefault"]
    elif r.random() < 0.15:
        out += [f"{p}  securityContext:", f"{p}    privileged: {r.choice(['true', 'false'])}",
                f"{p}    capabilities:", f"{p}      add: [{r.choice(['NET_ADMIN', 'SYS_ADMIN', 'SYS_PTRACE'])}]"]
    out += [f"{p}  volumeMounts:", f"{p}    - name: config", f"{p}      mountPath: /etc/app"]
    return out


def pod_spec(r, app, indent):
    p = " " * indent
    out = []
    if r.random() < 0.6:
        out.append(f"{p}serviceAccountName: {app}")
    if r.random() < 0.3:
        out.append(f"{p}automountServiceAccountToken: false")
    if r.random() < 0.03:
        out.append(f"{p}hostNetwork: true")
    out.append(f"{p}containers:")
    out += container(r, app, indent + 2)
    if r.random() < 0.2:
        out += container(r, "sidecar", indent + 2)
    out += [f"{p}volumes:", f"{p}  - name: config", f"{p}    configMap:", f"{p}      name: {app}"]
    if r.random() < 0.04:
        path = r.choice(["/var/run/docker.sock", "/var/log", "/etc", "/"])
        out += [f"{p}  - name: host", f"{p}    hostPath:", f"{p}      path: {path}"]
    return out


def labels(app, ns, indent):
    p = " " * indent
    return [f"{p}labels:", f"{p}  app.kubernetes.io/name: {app}", f"{p}  app.kubernetes.io/part-of: {ns}"]


def workload(r, app, ns):
    kind = r.choices(["Deployment", "StatefulSet", "DaemonSet", "CronJob"], [80, 10, 5, 5])[0]
    api = "batch/v1" if kind == "CronJob" else "apps/v1"
    out = [f"apiVersion: {api}", f"kind: {kind}", "metadata:", f"  name: {app}", f"  namespace: {ns}"]
    out += labels(app, ns, 2)
    out.append("spec:")
    if kind == "CronJob":
        out += ["  schedule: \"*/15 * * * *\"", "  jobTemplate:", "    spec:", "      template:",
                "        metadata:"]
        out += labels(app, ns, 10)
        out += ["        spec:", "          restartPolicy: OnFailure"]
        out += pod_spec(r, app, 10)
        return out
    if kind != "DaemonSet":
        out.append(f"  replicas: {r.choice([1, 2, 3, 5])}")
    out += ["  selector:", "    matchLabels:", f"      app.kubernetes.io/name: {app}",
            "  template:", "    metadata:"]
    out += labels(app, ns, 6)
    out.append("    spec:")
    out += pod_spec(r, app, 6)
    return out


def service(r, app, ns):
    t = r.choices(["ClusterIP", "NodePort", "LoadBalancer"], [85, 8, 7])[0]
    out = ["apiVersion: v1", "kind: Service", "metadata:", f"  name: {app}", f"  namespace: {ns}",
           "spec:", f"  type: {t}", "  selector:", f"    app.kubernetes.io/name: {app}",
           "  ports:", "    - name: http", "      port: 80", "      targetPort: http"]
    if t == "LoadBalancer" and r.random() < 0.5:
        out += ["  loadBalancerSourceRanges:", "    - 203.0.113.0/24"]
    return out


def rbac(r, app, ns):
    sa = ["apiVersion: v1", "kind: ServiceAccount", "metadata:", f"  name: {app}", f"  namespace: {ns}"]
    resources = r.choice([["configmaps"], ["pods"], ["secrets"], ["pods", "pods/log"],
                          ["deployments"], ["*"]])
    verbs = r.choice([["get", "list", "watch"], ["get"], ["create", "update", "patch"], ["*"]])
    group = "apps" if resources == ["deployments"] else ""
    role = ["apiVersion: rbac.authorization.k8s.io/v1", "kind: Role", "metadata:", f"  name: {app}",
            f"  namespace: {ns}", "rules:", f"  - apiGroups: [\"{group}\"]",
            f"    resources: [{', '.join(json.dumps(x) for x in resources)}]",
            f"    verbs: [{', '.join(json.dumps(x) for x in verbs)}]"]
    binding = ["apiVersion: rbac.authorization.k8s.io/v1", "kind: RoleBinding", "metadata:",
               f"  name: {app}", f"  namespace: {ns}", "roleRef:",
               "  apiGroup: rbac.authorization.k8s.io", "  kind: Role", f"  name: {app}",
               "subjects:", "  - kind: ServiceAccount", f"    name: {app}", f"    namespace: {ns}"]
    return [sa, role, binding]


def namespace_docs(r, ns):
    out = [["apiVersion: v1", "kind: Namespace", "metadata:", f"  name: {ns}", "  labels:",
            f"    pod-security.kubernetes.io/enforce: {r.choice(['restricted', 'baseline'])}",
            "    pod-security.kubernetes.io/warn: restricted"]]
    if r.random() < 0.5:
        out.append(["apiVersion: networking.k8s.io/v1", "kind: NetworkPolicy", "metadata:",
                    "  name: default-deny", f"  namespace: {ns}", "spec:", "  podSelector: {}",
                    "  policyTypes: [Ingress, Egress]"])
    return out


def cluster_docs(r):
    return [
        ["apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRole", "metadata:",
         "  name: monitoring", "  labels:", "    rbac.example.com/aggregate-to-ops: \"true\"",
         "rules:", "  - apiGroups: [\"\"]", "    resources: [pods, nodes, services]",
         "    verbs: [get, list, watch]"],
        ["apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRole", "metadata:",
         "  name: ops", "aggregationRule:", "  clusterRoleSelectors:", "    - matchLabels:",
         "        rbac.example.com/aggregate-to-ops: \"true\"", "rules: []"],
        ["apiVersion: rbac.authorization.k8s.io/v1", "kind: ClusterRoleBinding", "metadata:",
         "  name: ops", "roleRef:", "  apiGroup: rbac.authorization.k8s.io", "  kind: ClusterRole",
         "  name: ops", "subjects:", "  - kind: Group", "    name: ops-team",
         "    apiGroup: rbac.authorization.k8s.io"],
    ]


def write(path, docs):
    with open(path, "w") as f:
        f.write("\n---\n".join("\n".join(d) for d in docs) + "\n")
    return len(docs)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--files", type=int, default=10000)
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args()
    r = random.Random(a.seed)
    os.makedirs(a.out, exist_ok=True)
    files = docs = 0
    nss = [f"team-{i:03d}" for i in range(max(1, a.files // 60))]
    d = os.path.join(a.out, "cluster")
    os.makedirs(d, exist_ok=True)
    docs += write(os.path.join(d, "rbac.yaml"), cluster_docs(r))
    files += 1
    for ns in nss:
        d = os.path.join(a.out, ns)
        os.makedirs(d, exist_ok=True)
        docs += write(os.path.join(d, "namespace.yaml"), namespace_docs(r, ns))
        files += 1
    i = 0
    while files < a.files:
        ns = nss[i % len(nss)]
        app = f"{r.choice(IMAGES)}-{i}"
        d = os.path.join(a.out, ns, app)
        os.makedirs(d, exist_ok=True)
        for name, dd in (("workload.yaml", [workload(r, app, ns)]),
                         ("service.yaml", [service(r, app, ns)]),
                         ("rbac.yaml", rbac(r, app, ns))):
            if files >= a.files:
                break
            docs += write(os.path.join(d, name), dd)
            files += 1
        i += 1
    print(files, docs)


if __name__ == "__main__":
    main()
