#!/bin/bash
# Deploy step of the e2e zone repository: check the pushed branch out into BIND's zone
# directory, list the zones that load, reload BIND, and wait until it serves each new serial,
# so that a push (and the /present behind it) completes only once the record is served.
# Settings: deploy.env next to this repository's hooks/ (written by the suite).
set -euo pipefail
. "$(git rev-parse --git-dir)/deploy.env"

pushed=0
while read -r _old new ref; do
  [ "$ref" = "refs/heads/$BRANCH" ] && [ "$new" != 0000000000000000000000000000000000000000 ] && pushed=1
done
[ "$pushed" = 1 ] || exit 0

# checkout -f rewrites only changed files, stamping them now: BIND skips reloading a zone whose
# file is not newer than its last load (an export stamped with commit times would lose changes).
git --work-tree="$ZONES_DIR" checkout -q -f "$BRANCH"

declare -A serial=()
: > "$ZONES_CONF.new"
for file in "$ZONES_DIR"/*.domain; do
  [ -e "$file" ] || continue
  zone=$(basename "$file" .domain)
  [[ "$zone" =~ ^[a-z0-9._-]+$ ]] || { echo "deploy: skipping $file"; continue; }
  if ! out=$(named-checkzone "$zone" "$file" 2>&1); then
    echo "deploy: $zone does not load: $out"; continue
  fi
  serial[$zone]=$(sed -n 's/.*loaded serial \([0-9]*\).*/\1/p' <<<"$out" | head -n1)
  printf 'zone "%s" { type primary; file "%s"; };\n' "$zone" "$file" >> "$ZONES_CONF.new"
done
mv "$ZONES_CONF.new" "$ZONES_CONF"

# Returns before the zones are loaded: hence the wait on the serials.
rndc -c "$RNDC_CONF" reload >/dev/null
deadline=$((SECONDS + 15))
for zone in "${!serial[@]}"; do
  until [ "$(dig +norec +short +time=1 +tries=1 @127.0.0.1 SOA "$zone" | awk '{print $3}')" = "${serial[$zone]}" ]; do
    [ $SECONDS -lt $deadline ] || { echo "deploy: $zone is not served at serial ${serial[$zone]}"; exit 1; }
    sleep 0.05
  done
done
echo "deploy: serving ${!serial[*]}"
