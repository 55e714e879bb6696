#!/usr/bin/env bash
# Install (or --uninstall) a built Bounce Desk for the current user, or system-wide as root.
#
#   ./install.sh [APP_FOLDER]       APP_FOLDER: the one-folder build (default: ./bouncedesk next
#                                   to this script, as in the release tarball, else
#                                   packaging/dist/bouncedesk in a source tree)
#   PREFIX=/usr/local ./install.sh  system-wide (default PREFIX: ~/.local, or /usr/local as root)
#   ./install.sh --uninstall
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
if [ "$(id -u)" = 0 ]; then default_prefix=/usr/local; else default_prefix="$HOME/.local"; fi
prefix="${PREFIX:-$default_prefix}"
target="$prefix/lib/bouncedesk"
share="$prefix/share"
icon_name=nl.bouncedesk.BounceDesk
sizes="16 24 32 48 64 128 256 512"

# Menus and icon themes pick up the change at once where these tools exist; harmless if not.
refresh() {
  if command -v update-desktop-database >/dev/null; then
    update-desktop-database -q "$share/applications" || true
  fi
  if command -v gtk-update-icon-cache >/dev/null; then
    gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
  fi
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$target"
  rm -f "$prefix/bin/bouncedesk" "$share/applications/bouncedesk.desktop" \
    "$share/metainfo/$icon_name.metainfo.xml" "$share/icons/hicolor/scalable/apps/$icon_name.svg"
  for size in $sizes; do rm -f "$share/icons/hicolor/${size}x${size}/apps/$icon_name.png"; done
  refresh
  echo "Bounce Desk removed from $prefix (your data and settings are kept)."
  exit 0
fi

app="${1:-}"
if [ -z "$app" ]; then
  if [ -x "$here/bouncedesk/bouncedesk" ]; then app="$here/bouncedesk"; else app="$here/../dist/bouncedesk"; fi
fi
[ -x "$app/bouncedesk" ] || { echo "install: no built app in $app" >&2; exit 1; }
icons="$app/_internal/desktop/resources/bundled/icons"
svg="$here/bouncedesk.svg"
[ -f "$svg" ] || svg="$here/../../resources/icons/bouncedesk.svg"

rm -rf "$target"
mkdir -p "$target" "$prefix/bin" "$share/applications" "$share/metainfo"
cp -a "$app/." "$target/"
ln -sf "$target/bouncedesk" "$prefix/bin/bouncedesk"
# Launchers do not always have ~/.local/bin on PATH: point Exec at the installed file.
sed -e "s|^Exec=.*|Exec=$target/bouncedesk|" -e "s|^TryExec=.*|TryExec=$target/bouncedesk|" \
  "$here/bouncedesk.desktop" >"$share/applications/bouncedesk.desktop"
cp "$here/$icon_name.metainfo.xml" "$share/metainfo/"
for size in $sizes; do
  mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
  cp "$icons/bouncedesk-$size.png" "$share/icons/hicolor/${size}x${size}/apps/$icon_name.png"
done
if [ -f "$svg" ]; then
  mkdir -p "$share/icons/hicolor/scalable/apps"
  cp "$svg" "$share/icons/hicolor/scalable/apps/$icon_name.svg"
fi
refresh
echo "Bounce Desk installed in $target; start it from the applications menu or run bouncedesk."
