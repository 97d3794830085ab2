#!/bin/sh
# regen.sh — regenerates the real-data fixtures of test_pkg_node from
# project/package.json with the package managers themselves (npm registry
# needed; node 20 with npm; yarn and pnpm are fetched with npx):
#   project/package-lock.json           npm install (lockfileVersion 3)
#   package-lock.v1.json, .v2.json      npm install --lockfile-version 1 / 2
#   yarn.v1.lock                        npx yarn@1 install
#   yarn.berry.lock                     npx -p @yarnpkg/cli-dist@4 yarn install
#   pnpm-lock.v5.yaml, .v6.yaml, .v9.yaml   npx pnpm@7 / @8 / @9 install
#   npm-query.tsv                       npm query '*' of the npm install:
#                                       location, name, version, license
#   node_modules-manifests/             every package.json file under the
#                                       installed node_modules (no code)
# Each tool resolves the ranges on its own, so a release published between
# two runs makes them differ: the test then says so; run this again.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export npm_config_fund=false npm_config_audit=false npm_config_update_notifier=false
export npm_config_omit_lockfile_registry_resolved=false

fresh() { rm -rf "$work/$1"; mkdir -p "$work/$1"; cp "$here/project/package.json" "$work/$1/"; }

fresh npm
(cd "$work/npm" && npm install --lockfile-version 3 >/dev/null)
cp "$work/npm/package-lock.json" "$here/project/package-lock.json"
(cd "$work/npm" && npm query '*') | node -e '
  let s = ""; process.stdin.on("data", d => s += d).on("end", () => {
    const rows = JSON.parse(s).filter(n => n.location !== "").map(n => {
      let l = n.license;
      if (l && typeof l === "object") l = l.type;
      return [n.location, n.name, n.version, l || ""].join("\t");
    }).sort();
    process.stdout.write(rows.join("\n") + "\n");
  });' >"$here/npm-query.tsv"
rm -rf "$here/node_modules-manifests"
(cd "$work/npm" && find node_modules -name package.json -type f) | while read -r f; do
    mkdir -p "$here/node_modules-manifests/$(dirname "$f")"
    cp "$work/npm/$f" "$here/node_modules-manifests/$f"
done

for v in 1 2; do
    fresh npm$v
    (cd "$work/npm$v" && npm install --lockfile-version $v >/dev/null)
    cp "$work/npm$v/package-lock.json" "$here/package-lock.v$v.json"
done

fresh yarn1
(cd "$work/yarn1" && npx -y yarn@1 install --no-progress --non-interactive >/dev/null)
cp "$work/yarn1/yarn.lock" "$here/yarn.v1.lock"

fresh berry
printf 'nodeLinker: node-modules\nenableTelemetry: false\nnpmRegistryServer: "https://registry.npmjs.org"\n' >"$work/berry/.yarnrc.yml"
: >"$work/berry/yarn.lock"
(cd "$work/berry" && npx -y -p @yarnpkg/cli-dist@4 yarn install >/dev/null)
cp "$work/berry/yarn.lock" "$here/yarn.berry.lock"

for p in 7:v5 8:v6 9:v9; do
    fresh pnpm${p%%:*}
    (cd "$work/pnpm${p%%:*}" && npx -y pnpm@${p%%:*} install --reporter=silent >/dev/null)
    cp "$work/pnpm${p%%:*}/pnpm-lock.yaml" "$here/pnpm-lock.${p##*:}.yaml"
done
echo "regenerated in $here"
