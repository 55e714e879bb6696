#!/usr/bin/env bash
# Run the BUILT app offscreen: --version, a demo database, then the screenshots; exit 0 or fail.
#
#   bash packaging/smoke_test.sh [path/to/bouncedesk]     # default: packaging/dist build
#   SHOTS_DIR=/some/dir bash packaging/smoke_test.sh      # keep the PNGs for a look
#
# Everything the app writes (database, settings, logs) goes to a temporary folder, so the
# user's own Bounce Desk data is never touched.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"

if [ $# -ge 1 ]; then
  app="$1"
elif [ -x "$here/dist/BounceDesk.app/Contents/MacOS/bouncedesk" ]; then
  app="$here/dist/BounceDesk.app/Contents/MacOS/bouncedesk"
elif [ -f "$here/dist/bouncedesk/bouncedesk.exe" ]; then
  app="$here/dist/bouncedesk/bouncedesk.exe"
else
  app="$here/dist/bouncedesk/bouncedesk"
fi
[ -x "$app" ] || { echo "smoke: no built app at $app (run packaging/build.sh)" >&2; exit 1; }

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
shots="${SHOTS_DIR:-$tmp/shots}"
export QT_QPA_PLATFORM=offscreen
export BOUNCEDESK_DATA_DIR="$tmp/data" BOUNCEDESK_CONFIG_DIR="$tmp/config"
export BOUNCEDESK_CACHE_DIR="$tmp/cache" BOUNCEDESK_LOG_DIR="$tmp/log"
export XDG_CONFIG_HOME="$tmp/xdg-config" XDG_DATA_HOME="$tmp/xdg-data" HOME="$tmp/home"
mkdir -p "$HOME"
db="sqlite:///$tmp/x.sqlite3"

step() {
  local started=$SECONDS
  echo "smoke: $*"
  "$@"
  echo "smoke:   ok ($((SECONDS - started)) s)"
}

# The version comes from the bundled package metadata; it must match pyproject.toml.
got="$("$app" --version)"
want="bouncedesk $(sed -n 's/^version = "\(.*\)"/\1/p' "$root/pyproject.toml" | head -n1)"
[ "$got" = "$want" ] || { echo "smoke: --version says '$got', expected '$want'" >&2; exit 1; }
echo "smoke: --version -> $got"

# A fresh database: runs the Alembic migrations from the bundled scripts.
step "$app" --db "$db" demo --messages 300
# Alembic reads the bundled migration scripts to name the newest schema it knows.
step "$app" --db "$db" migrate
# The advice for a bounce comes from the bundled help texts (desktop.resources).
id="$("$app" --db "$db" search --status soft_bounce --limit 1 --json \
  | sed -n 's/^{"id": \([0-9]*\),.*/\1/p' | head -n1)"
[ -n "$id" ] || { echo "smoke: the demo has no soft bounce to show" >&2; exit 1; }
title="$("$app" --db "$db" show "$id" --json | grep -o '"title": "[^"]*"' | head -n1 || true)"
[ -n "$title" ] || { echo "smoke: message $id has no advice (help texts missing?)" >&2; exit 1; }
echo "smoke: show $id -> advice $title"
# Renders the views; the details view explains a bounce from the bundled help texts.
step "$app" --db "$db" screenshots --out "$shots"

# Optional: the shared-database path through the bundled libpq (psycopg binary). Give it an
# empty database of its own, e.g. SMOKE_PG_URL=postgresql+psycopg://postgres@127.0.0.1/smoke
if [ -n "${SMOKE_PG_URL:-}" ]; then
  step "$app" --db "$SMOKE_PG_URL" demo --messages 200
  step "$app" --db "$SMOKE_PG_URL" search --limit 1
fi

count=0
for png in "$shots"/*.png; do
  [ -s "$png" ] || { echo "smoke: missing or empty $png" >&2; exit 1; }
  [ "$(head -c 8 "$png" | od -An -tx1 | tr -d ' \n')" = "89504e470d0a1a0a" ] \
    || { echo "smoke: $png is not a PNG" >&2; exit 1; }
  count=$((count + 1))
done
for name in search details quarantine; do
  [ -s "$shots/$name.png" ] || { echo "smoke: $name.png was not written" >&2; exit 1; }
done
echo "smoke: $count screenshots in $shots"
if [ -s "$tmp/log/bouncedesk-cli.log" ]; then
  echo "smoke: the app logged an internal error:" >&2
  cat "$tmp/log/bouncedesk-cli.log" >&2
  exit 1
fi
echo "smoke: passed"
