/* podspec.h — the Kubernetes front end of the workload model (workload/wl.h):
 * finds the pod spec of an object (a Pod, a workload's pod template, a
 * CronJob's job template) and reads it into a wl_workload.
 *
 * Ownership: k8s_pod_parts points into the object's document. The model is
 * allocated from the given arena (its vectors are released with
 * wl_workload_free()); its strings are copies, so it outlives the document. */
#ifndef MOAT_K8S_PODSPEC_H
#define MOAT_K8S_PODSPEC_H

#include "k8s/k8s.h"
#include "workload/wl.h"

typedef struct k8s_pod_parts {
    struct fy_node *metadata; /* the pod's (template's) metadata, may be NULL */
    struct fy_node *spec;     /* the pod spec, may be NULL */
    struct fy_node *anchor;   /* where findings about a missing spec point */
} k8s_pod_parts;

/* Fills out for objects that run pods (Pod, Deployment, StatefulSet,
 * DaemonSet, ReplicaSet, ReplicationController, Job, CronJob, PodTemplate)
 * and returns it; NULL for every other kind. */
const k8s_pod_parts *k8s_pod_template(const k8s_object *obj, k8s_pod_parts *out);

/* The runtime model of the pod: init, regular and ephemeral containers in
 * that order, pod-level settings kept apart (the rules fold them in). */
wl_workload *k8s_pod_model(mt_arena *a, const k8s_object *obj, const k8s_pod_parts *pod);

#endif
