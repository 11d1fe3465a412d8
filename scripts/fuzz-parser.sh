#!/usr/bin/env bash
# Fuzzes the message parser with Jazzer, seeded from the shared corpora (not committed: copied into the generated
# corpus directory .cifuzz-corpus/, which is git-ignored). Usage: scripts/fuzz-parser.sh [duration, default 10m]
# Findings (crashing inputs) are written by Jazzer to src/test/resources/io/ticketflow/parse/MessageParserFuzzTestInputs/parse/
# and then replay in every normal test run.
set -euo pipefail
cd "$(dirname "$0")/.."
duration=${1:-10m}
corpora=${TICKETFLOW_CORPORA:-../shared/corpora}
seeds=.cifuzz-corpus/io.ticketflow.parse.MessageParserFuzzTest/parse
mkdir -p "$seeds"
find "$corpora/mime" "$corpora/reply-trimming/discourse/emails" -type f -size -64k ! -path '*/tnef/*' \
    -exec sh -c 'cp "$1" "$2/$(sha1sum "$1" | cut -c1-16)"' _ {} "$seeds" \;
echo "seeded $(ls "$seeds" | wc -l) inputs; fuzzing for $duration"
JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" ./mvnw -B test -Dtest=MessageParserFuzzTest#parse -Djazzer.hooks=true \
    -Dsurefire.failIfNoSpecifiedTests=false
