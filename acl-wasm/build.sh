#!/usr/bin/env bash
# Builds the ACL engine (Rust → wasm32-unknown-unknown) offline with the Debian toolchain, and its
# JavaScript bindings with wasm-bindgen.
#
#   bash acl-wasm/build.sh          release build; writes lib/acl.wasm, lib/acl_wasm.ts (the wasm as
#                                   base64) and lib/acl_bindgen.js + .d.ts (the bindings); commit all four
#   bash acl-wasm/build.sh test     native `cargo test` (prints "test result: ok. N passed; ...")
#   bash acl-wasm/build.sh bench    native throughput measurement (ignored test, release)
#   bash acl-wasm/build.sh check    rebuilds into a temp dir; exit 1 if the committed files differ
#   bash acl-wasm/build.sh cli      only obtains the wasm-bindgen CLI (see below) and prints its path
#
# The build is byte-reproducible across runs and checkout directories: paths are remapped,
# codegen-units = 1, no incremental state, and the crate sources come from the Debian registry.
#
# The wasm-bindgen CLI must be the version of the `wasm-bindgen` crate (Debian's, 0.2.83). `cargo
# install wasm-bindgen-cli --version 0.2.83` fails with rustup's rustc (1.86 and later refuse to
# compile any crate named `wasm_bindgen` older than 0.2.88, and the CLI's binary is named
# `wasm-bindgen`), so the CLI is built here with Debian's rustc 1.63 instead: its source is
# downloaded from crates.io and checked against a pinned SHA-256, its locked dependencies are
# fetched with a cargo that speaks crates.io's sparse index (rustup's, first on PATH; Debian's cargo
# 1.65 does not), and it is compiled offline into .tmp/wbg-0.2.83/ (reused by later runs).
# `WASM_BINDGEN=/path/to/wasm-bindgen` uses another build of exactly that version instead.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
CARGO="${ACL_CARGO:-/usr/bin/cargo}"
export RUSTC="${ACL_RUSTC:-/usr/bin/rustc}"
export RUSTDOC="${ACL_RUSTDOC:-/usr/bin/rustdoc}"
REGISTRY="/usr/share/cargo/registry"
OFFLINE=(
  --config 'source.crates-io.replace-with="debian"'
  --config "source.debian.directory=\"$REGISTRY\""
  --config 'net.offline=true'
)
# No host-specific flags may leak in.
unset RUSTFLAGS CARGO_BUILD_RUSTFLAGS CARGO_ENCODED_RUSTFLAGS || true
export CARGO_INCREMENTAL=0
export SOURCE_DATE_EPOCH=0

WBG_VERSION=0.2.83
WBG_SHA256=5a0e951a61574d4ba2d9d2705cc6b7cd8d67aefeb982bf2a60a9c7b05bef5682
WBG_ROOT="${ACL_WBG_ROOT:-$ROOT/.tmp/wbg-$WBG_VERSION}"

# Prints the path of a wasm-bindgen CLI of version $WBG_VERSION, building it first if needed.
wasm_bindgen_cli() {
  local exe="${WASM_BINDGEN:-$WBG_ROOT/bin/wasm-bindgen}"
  # `wasm-bindgen --version` prints "wasm-bindgen 0.2.83", plus a git hash in some builds
  if [ -x "$exe" ] && [ "$("$exe" --version | cut -d' ' -f1-2)" = "wasm-bindgen $WBG_VERSION" ]; then
    echo "$exe"
    return
  fi
  if [ -n "${WASM_BINDGEN:-}" ]; then
    echo "WASM_BINDGEN=$WASM_BINDGEN is not wasm-bindgen $WBG_VERSION" >&2
    return 1
  fi
  local fetch="${ACL_FETCH_CARGO:-cargo}" src="$WBG_ROOT/src" log="$WBG_ROOT/build.log"
  if ! "$fetch" --version 2>/dev/null | awk '{split($2, v, "."); exit !(v[1] > 1 || v[2] >= 68)}'; then
    echo "fetching wasm-bindgen-cli's dependencies needs cargo >= 1.68 (sparse index; rustup's):" \
      "'$fetch' is $("$fetch" --version 2>&1 || true); set ACL_FETCH_CARGO" >&2
    return 1
  fi
  echo "building wasm-bindgen-cli $WBG_VERSION with $RUSTC into $WBG_ROOT (log: $log)" >&2
  rm -rf "$WBG_ROOT"
  mkdir -p "$src"
  curl -fsSL --retry 3 -o "$WBG_ROOT/cli.crate" \
    "https://static.crates.io/crates/wasm-bindgen-cli/wasm-bindgen-cli-$WBG_VERSION.crate"
  if [ "$(sha256sum "$WBG_ROOT/cli.crate" | cut -d' ' -f1)" != "$WBG_SHA256" ]; then
    echo "wasm-bindgen-cli-$WBG_VERSION.crate does not have the pinned SHA-256" >&2
    return 1
  fi
  tar -xzf "$WBG_ROOT/cli.crate" -C "$src" --strip-components=1
  # the lockfile's checksums verify every dependency cargo downloads
  (cd "$src" && "$fetch" vendor --locked --versioned-dirs vendor >/dev/null 2>"$log")
  # GIT_DIR: wasm-bindgen-shared's build script would stamp the enclosing repository's commit
  (cd "$src" && GIT_DIR=/nonexistent "$CARGO" build --release --locked --offline --bin wasm-bindgen \
    --config 'source.crates-io.replace-with="vendored"' --config 'source.vendored.directory="vendor"' \
    >>"$log" 2>&1) || { tail -n 20 "$log" >&2; return 1; }
  mkdir -p "$WBG_ROOT/bin"
  cp "$src/target/release/wasm-bindgen" "$WBG_ROOT/bin/"
  rm -rf "$src/target" "$src/vendor"
  echo "$WBG_ROOT/bin/wasm-bindgen"
}

# The generated files, all under lib/.
OUTPUTS=(acl.wasm acl_wasm.ts acl_bindgen.js acl_bindgen.d.ts)

build_wasm() { # $1 = output dir
  local out="$1" target="$2"
  RUSTFLAGS="--remap-path-prefix=$HERE=/acl-wasm --remap-path-prefix=$REGISTRY=/registry --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo -C debuginfo=0" \
    "$CARGO" build --quiet --manifest-path "$HERE/Cargo.toml" --lib --release \
    --target wasm32-unknown-unknown --target-dir "$target" "${OFFLINE[@]}"
  local wasm="$target/wasm32-unknown-unknown/release/acl_wasm.wasm" gen="$target/bindgen"
  local wbg
  wbg="$(wasm_bindgen_cli)"
  rm -rf "$gen"
  "$wbg" --target web --out-dir "$gen" --out-name acl_bindgen "$wasm"
  mkdir -p "$out"
  if command -v wasm-opt >/dev/null 2>&1; then
    # -ocimfs: a function with one caller is inlined only when small (binaryen's default inlines
    # every one, whatever its size, ignoring Rust's #[inline(never)]): V8 compiles a hot wasm
    # function with TurboFan in the background and runs its baseline code until then, and the
    # IOS reader's loop with its line reader inlined (~50 KB) took 200-350 ms to compile, longer
    # than a whole cold check-syntax (bench/README.md, "Whole process: start-up and cold code")
    wasm-opt -O3 -ocimfs=1000 --strip-debug --strip-producers "$gen/acl_bindgen_bg.wasm" -o "$out/acl.wasm"
  else
    cp "$gen/acl_bindgen_bg.wasm" "$out/acl.wasm"
  fi
  {
    printf '// @ts-self-types="./acl_bindgen.d.ts"\n'
    printf '// Generated by wasm-bindgen %s (acl-wasm/build.sh) from acl-wasm/src/abi.rs. Do not edit.\n' "$WBG_VERSION"
    cat "$gen/acl_bindgen.js"
  } >"$out/acl_bindgen.js"
  {
    printf '// Generated by wasm-bindgen %s (acl-wasm/build.sh) from acl-wasm/src/abi.rs. Do not edit.\n' "$WBG_VERSION"
    cat "$gen/acl_bindgen.d.ts"
  } >"$out/acl_bindgen.d.ts"
  {
    printf '// Generated by acl-wasm/build.sh from acl-wasm/src. Do not edit.\n'
    printf '/**\n * The ACL engine WebAssembly module (`acl-wasm/lib/acl.wasm`), base64-encoded so that remote\n'
    printf ' * and JSR imports can load it without reading files.\n *\n * @module\n */\n\n'
    printf '/** The bytes of `acl.wasm`, base64-encoded (see `acl-wasm/ABI.md`). */\n'
    printf 'export const ACL_WASM_BASE64: string =\n  "'
    base64 -w0 "$out/acl.wasm"
    printf '";\n'
  } >"$out/acl_wasm.ts"
}

case "${1:-build}" in
  build)
    build_wasm "$HERE/lib" "$HERE/target"
    echo "wrote $HERE/lib/acl.wasm ($(wc -c <"$HERE/lib/acl.wasm") bytes), acl_wasm.ts, acl_bindgen.js and acl_bindgen.d.ts"
    ;;
  test)
    "$CARGO" test --manifest-path "$HERE/Cargo.toml" --target-dir "$HERE/target" "${OFFLINE[@]}" "${@:2}"
    ;;
  bench)
    "$CARGO" test --release --manifest-path "$HERE/Cargo.toml" --target-dir "$HERE/target" "${OFFLINE[@]}" \
      --test throughput -- --ignored --nocapture
    ;;
  check)
    tmp="$(mktemp -d)"
    trap 'rm -rf "$tmp"' EXIT
    build_wasm "$tmp/lib" "$tmp/target"
    status=0
    for f in "${OUTPUTS[@]}"; do
      if ! cmp -s "$tmp/lib/$f" "$HERE/lib/$f"; then
        echo "acl-wasm/lib/$f is stale: run 'bash acl-wasm/build.sh' and commit it" >&2
        status=1
      fi
    done
    [ "$status" = 0 ] && echo "acl-wasm/lib is up to date"
    exit "$status"
    ;;
  cli)
    wasm_bindgen_cli
    ;;
  *)
    echo "usage: build.sh [build|test|bench|check|cli]" >&2
    exit 2
    ;;
esac
