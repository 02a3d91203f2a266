#!/usr/bin/env bash
# Installs what building and testing Spanscope needs, only when it is missing.
# Sourced by demo.sh and test.sh; safe to run again.
set -euo pipefail

need_apt=()
pkg-config --exists libevent_pthreads 2>/dev/null || need_apt+=(libevent-dev)
pkg-config --exists zlib 2>/dev/null || need_apt+=(zlib1g-dev)
command -v pkg-config >/dev/null 2>&1 || need_apt+=(pkg-config)
for extra in "$@"; do
  case "$extra" in
    chromium) command -v chromium >/dev/null 2>&1 || need_apt+=(chromium) ;;
    *) dpkg -s "$extra" >/dev/null 2>&1 || need_apt+=("$extra") ;;
  esac
done

if [ ${#need_apt[@]} -gt 0 ]; then
  echo "==> installing ${need_apt[*]}"
  sudo_cmd=""
  [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
fi

command -v swift >/dev/null 2>&1 || { echo "Swift 6.3 is required (swift not found on PATH)" >&2; exit 1; }
