#!/bin/sh
# A container image for the boxes' tests, made from local files: no registry is asked for anything.
# It is a near-empty root: the folders a container needs, and this machine's /bin, /lib, ... as
# they are here (links into /usr on a merged-/usr system, empty folders otherwise). The box that
# runs it mounts this machine's /usr (and any of those that is a folder) read-only:
#
#   sandbox.boxes.pod = { runner = "podman", image = "botster-test-box", mount = { "/usr" } }
#
# so sh, node and git in it are yours. Usage: scripts/podman-test-image.sh [NAME]
# (default botster-test-box); nothing is done when the image is there already.
set -eu
name=${1:-botster-test-box}
if podman image exists "$name"; then exit 0; fi
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/usr" "$root/etc" "$root/tmp" "$root/var/tmp" "$root/proc" "$root/dev" "$root/sys" "$root/run"
for d in bin sbin lib lib32 lib64 libx32; do
  if [ -L "/$d" ]; then ln -s "$(readlink "/$d")" "$root/$d"
  elif [ -d "/$d" ]; then mkdir "$root/$d"
  fi
done
tar -C "$root" -c . | podman import --quiet --message "botster-tui's test box: a root for the host's /usr" - "$name" >/dev/null
echo "$name"
