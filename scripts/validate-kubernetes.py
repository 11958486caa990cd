#!/usr/bin/env python3
"""Validates deploy/kubernetes offline: renders it with `kubectl kustomize`,
checks core kinds with kubernetes-validate (strict: unknown fields are
errors) and the Prometheus Operator's kinds against the CRD schemas in
deploy/kubernetes/crd-schemas (made strict the same way), and checks the
hardening the README promises. Runs in the venv scripts/test.sh makes
(kubernetes-validate, PyYAML, jsonschema)."""
import copy
import glob
import os
import subprocess
import sys

import jsonschema
import kubernetes_validate
import yaml

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
KUBE = os.path.join(ROOT, "deploy", "kubernetes")
KUBERNETES_VERSION = "1.30.0"


def strict(schema):
    """A CRD schema with additionalProperties false wherever it lists properties."""
    schema = copy.deepcopy(schema)

    def walk(node):
        if isinstance(node, dict):
            # Go's `^(?i)...` is `(?i)^...` to Python.
            if isinstance(node.get("pattern"), str) and "(?i)" in node["pattern"]:
                node["pattern"] = "(?i)" + node["pattern"].replace("(?i)", "")
            if "properties" in node and "additionalProperties" not in node \
                    and not node.get("x-kubernetes-preserve-unknown-fields"):
                node["additionalProperties"] = False
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)
    walk(schema)
    return schema


def crd_schemas():
    schemas = {}
    for path in glob.glob(os.path.join(KUBE, "crd-schemas", "*.yaml")):
        for crd in yaml.safe_load_all(open(path)):
            if not crd:
                continue
            group = crd["spec"]["group"]
            for version in crd["spec"]["versions"]:
                schema = strict(version["schema"]["openAPIV3Schema"])
                # metadata is checked by the API server, not the CRD schema.
                schema.setdefault("properties", {})["metadata"] = {"type": "object"}
                schemas[(f"{group}/{version['name']}", crd["spec"]["names"]["kind"])] = schema
    return schemas


def render():
    try:
        result = subprocess.run(["kubectl", "kustomize", KUBE], capture_output=True, text=True)
    except FileNotFoundError:
        sys.exit("validate-kubernetes: kubectl is missing (Debian package kubernetes-client)")
    if result.returncode != 0:
        sys.exit("validate-kubernetes: kubectl kustomize failed:\n" + result.stderr)
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


def hardening(docs):
    problems = []
    kinds = {doc["kind"] for doc in docs}
    for kind in ("Deployment", "Service", "ServiceMonitor", "PrometheusRule", "NetworkPolicy", "ServiceAccount"):
        if kind not in kinds:
            problems.append(f"no {kind}")
    for doc in docs:
        if doc["kind"] != "Deployment":
            continue
        pod = doc["spec"]["template"]["spec"]
        if not pod.get("securityContext", {}).get("runAsNonRoot"):
            problems.append("pod is not runAsNonRoot")
        for container in pod["containers"]:
            context = container.get("securityContext", {})
            if context.get("allowPrivilegeEscalation") is not False:
                problems.append(f"{container['name']}: privilege escalation allowed")
            if context.get("readOnlyRootFilesystem") is not True:
                problems.append(f"{container['name']}: root file system writable")
            if context.get("capabilities", {}).get("drop") != ["ALL"]:
                problems.append(f"{container['name']}: capabilities not all dropped")
            if "limits" not in container.get("resources", {}) or "requests" not in container.get("resources", {}):
                problems.append(f"{container['name']}: no resources")
            if container.get("livenessProbe", {}).get("httpGet", {}).get("path") != "/-/healthy":
                problems.append(f"{container['name']}: liveness probe not on /-/healthy")
            if container.get("readinessProbe", {}).get("httpGet", {}).get("path") != "/-/ready":
                problems.append(f"{container['name']}: readiness probe not on /-/ready")
    return problems


def main():
    docs = render()
    extra = [doc for doc in yaml.safe_load_all(open(os.path.join(KUBE, "secret.example.yaml"))) if doc]
    schemas = crd_schemas()
    problems = []
    for doc in docs + extra:
        name = f"{doc['kind']}/{doc['metadata']['name']}"
        key = (doc["apiVersion"], doc["kind"])
        try:
            if key in schemas:
                jsonschema.validate(doc, schemas[key])
            else:
                kubernetes_validate.validate(doc, KUBERNETES_VERSION, strict=True)
        except (jsonschema.ValidationError, kubernetes_validate.ValidationError) as error:
            problems.append(f"{name}: {getattr(error, 'message', error)} at {list(getattr(error, 'absolute_path', []))}")
        except kubernetes_validate.SchemaNotFoundError:
            problems.append(f"{name}: no schema for {key}")
    problems += hardening(docs)
    for problem in problems:
        sys.stderr.write(f"validate-kubernetes: {problem}\n")
    if problems:
        sys.exit(1)
    print(f"kubernetes: {len(docs) + len(extra)} manifests valid "
          f"({', '.join(sorted(doc['kind'] for doc in docs + extra))})")


if __name__ == "__main__":
    main()
