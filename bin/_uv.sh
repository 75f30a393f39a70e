# Sourced by bin/setup, bin/demo and bin/test: find uv, installing it with pip if it is missing.
# Afterwards "${UV[@]}" runs uv, whether it is on PATH, in pip's user bin folder or only
# importable as a module.

smh_find_uv() {
  local user_bin
  if command -v uv >/dev/null 2>&1; then
    UV=(uv)
    return 0
  fi
  user_bin="$(python3 -c 'import site; print(site.getuserbase())' 2>/dev/null)/bin"
  if [ -x "$user_bin/uv" ]; then
    export PATH="$user_bin:$PATH"
    UV=(uv)
    return 0
  fi
  if python3 -m uv --version >/dev/null 2>&1; then
    UV=(python3 -m uv)
    return 0
  fi
  return 1
}

smh_ensure_uv() {
  if smh_find_uv; then
    return 0
  fi
  echo "setup: installing uv with pip" >&2
  # A plain user install first; Debian-style system Pythons (PEP 668) need the override.
  python3 -m pip install --user --quiet uv 2>/dev/null ||
    python3 -m pip install --user --quiet --break-system-packages uv 2>/dev/null ||
    python3 -m pip install --quiet uv
  if ! smh_find_uv; then
    echo "setup: uv was installed but cannot be found; add pip's bin folder to PATH" >&2
    return 1
  fi
}
