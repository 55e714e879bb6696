#!/usr/bin/env bash
# Build Bounce Desk into packaging/dist/bouncedesk/ (PyInstaller one-folder) on the current OS.
#
#   bash packaging/build.sh            # fresh build venv in packaging/build/venv
#   VENV=/path/to/venv bash packaging/build.sh   # reuse a venv (pip install still runs)
#   TARBALL=0 bash packaging/build.sh              # Linux: skip the release tarball
#
# Prints the build time and the unpacked size of the folder at the end.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/.." && pwd)"
venv="${VENV:-$here/build/venv}"
case "$venv" in /*) ;; *) venv="$PWD/$venv" ;; esac
cd "$root"

start=$(date +%s)
case "$(uname -s)" in
  MINGW*|MSYS*|CYGWIN*) bin="$venv/Scripts" ;;
  *) bin="$venv/bin" ;;
esac

if [ ! -x "$bin/python" ] && [ ! -x "$bin/python.exe" ]; then
  "${PYTHON:-python3}" -m venv "$venv"
fi
"$bin/python" -m pip install -q --upgrade pip
"$bin/python" -m pip install -q -e "${root}[packaging]"

# The spec itself bundles resources/ (translations compiled) and renders the icons into build/.
# From packaging/: `python -m` puts the working folder on sys.path, and a stale
# bouncedesk.egg-info in the project root must not stand in for the installed metadata.
cd "$here"
"$bin/python" -m PyInstaller --noconfirm --clean \
  --distpath "$here/dist" --workpath "$here/build/work" "$here/bouncedesk.spec"

# Linux: a tarball with the app folder, install.sh, the .desktop file, metainfo and the SVG.
tarball=""
if [ "$(uname -s)" = Linux ] && [ "${TARBALL:-1}" = 1 ]; then
  version="$("$here/dist/bouncedesk/bouncedesk" --version | cut -d' ' -f2)"
  stage="bouncedesk-$version-linux-$(uname -m)"
  rm -rf "$here/dist/$stage" "$here/dist/$stage.tar.gz"
  mkdir -p "$here/dist/$stage"
  cp -al "$here/dist/bouncedesk" "$here/dist/$stage/bouncedesk"
  cp "$here/linux/install.sh" "$here/linux/bouncedesk.desktop" \
    "$here/linux/nl.bouncedesk.BounceDesk.metainfo.xml" "$root/resources/icons/bouncedesk.svg" \
    "$here/dist/$stage/"
  tar -C "$here/dist" -czf "$here/dist/$stage.tar.gz" "$stage"
  rm -rf "${here:?}/dist/$stage"
  tarball="$here/dist/$stage.tar.gz"
fi

end=$(date +%s)
app="$here/dist/bouncedesk"
if [ -d "$here/dist/BounceDesk.app" ]; then app="$here/dist/BounceDesk.app"; fi
size_kb=$(du -sk "$app" | cut -f1)
files=$(find "$app" -type f | wc -l | tr -d ' ')
echo "build time: $((end - start)) s"
echo "unpacked size: $((size_kb / 1024)) MB ($files files) in ${app#"$root"/}"
if [ -n "$tarball" ]; then
  echo "tarball: $(du -k "$tarball" | cut -f1 | awk '{printf "%d MB", $1 / 1024}') ${tarball#"$root"/}"
fi
