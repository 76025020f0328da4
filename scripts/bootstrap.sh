#!/usr/bin/env bash
# The README's two commands, for a fresh Debian 12 machine (as root, or with sudo):
#
#   bash scripts/bootstrap.sh demo [REQUEST...]   install what cmdseq needs, build it,
#                                                 translate REQUEST with the built-in model
#   bash scripts/bootstrap.sh test                install everything, build native + WASM
#                                                 (CLI, trainer, studio), run every test;
#                                                 then build-fuzz: the core, CLI and unit
#                                                 tests under ASan + UBSan, and a short
#                                                 run of each fuzz target
#
# and, beyond those two:
#   bash scripts/bootstrap.sh test-arm            cross-build for 64-bit ARM (Raspberry Pi)
#                                                 and run the tests under qemu-user
#
# Both are idempotent: packages already installed and builds already done are
# reused, so a second run takes seconds.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=${1:-demo}
[ $# -gt 0 ] && shift

# libcpp-httplib-dev (found through pkg-config): cmdseq serve
build_packages=(cmake ninja-build g++ libeigen3-dev nlohmann-json3-dev libedit-dev libcpp-httplib-dev pkg-config)
# libopenblas0-pthread: LibTorch's BLAS; Debian's reference BLAS trains about 9x slower
test_packages=(doctest-dev emscripten nodejs libtorch-dev libonnx-dev libopenblas0-pthread)
# the studio: GLFW for the desktop window, Xvfb (+ Mesa's software OpenGL) and
# Chromium to render it headless in the tests
studio_packages=(libglfw3-dev xvfb xauth libgl1-mesa-dri chromium)
# the sanitized build and the fuzz targets: clang, libFuzzer and the sanitizer
# runtimes (libclang-rt-14-dev, which clang-14 only recommends), and
# llvm-symbolizer (llvm) for readable reports
sanitizer_packages=(clang-14 libclang-rt-14-dev llvm)
# what the training data build reads (scripts/train_models.sh): man-db renders
# the manual pages that come with the programs' own packages; wordnet-base is
# the word map's and the synonym variants' source; fasttext trains the word
# vectors on the manuals, WordNet's glosses and the package descriptions
data_packages=(man-db wordnet-base fasttext bc curl file git-man iproute2 less lsof make manpages openssh-client patch procps psmisc
               strace tmux unzip wget xxd xz-utils zip)
imgui_dir=.deps/imgui-1.86

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null && sudo="sudo" || { echo "bootstrap: run as root (packages must be installed)" >&2; exit 1; }
fi

install_packages() {
    local missing=() p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return
    echo "bootstrap: installing ${missing[*]}"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Dear ImGui's sources for both studio builds, from Debian's imgui source
# package (the -dev package has no backends and no sources for Emscripten).
fetch_imgui() {
    [ -f "$imgui_dir/imgui.cpp" ] && return
    if ! grep -rqs "deb-src" /etc/apt/sources.list /etc/apt/sources.list.d/; then
        echo "bootstrap: enabling Debian source packages (for imgui's sources)"
        printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' |
            $sudo tee /etc/apt/sources.list.d/cmdseq-deb-src.sources >/dev/null
        $sudo apt-get update -qq
    fi
    local tmp
    tmp=$(mktemp -d)
    (cd "$tmp" && apt-get source -qq --download-only imgui >/dev/null 2>&1) || {
        $sudo apt-get update -qq
        (cd "$tmp" && apt-get source -qq --download-only imgui >/dev/null 2>&1)
    } || { echo "bootstrap: cannot download imgui's Debian sources" >&2; rm -rf "$tmp"; exit 1; }
    mkdir -p .deps
    tar -xf "$tmp"/imgui_1.86*.orig.tar.* -C .deps
    rm -rf "$tmp"
    [ -f "$imgui_dir/imgui.cpp" ] || { echo "bootstrap: imgui's sources are not where expected ($imgui_dir)" >&2; exit 1; }
}

build_native() {
    cmake -S . -B build -G Ninja -DCMAKE_BUILD_TYPE=Release "$@" >/dev/null
    cmake --build build
}

case "$mode" in
    demo)
        install_packages "${build_packages[@]}"
        build_native
        request=${*:-show network interfaces}
        echo "\$ build/native/cmdseq \"$request\""
        build/native/cmdseq "$request"
        ;;
    test)
        install_packages "${build_packages[@]}" "${test_packages[@]}" "${studio_packages[@]}" "${sanitizer_packages[@]}" \
            "${data_packages[@]}"
        fetch_imgui
        # Debian's emscripten needs Debian's acorn module on Node's path
        export NODE_PATH=/usr/share/nodejs
        emcmake cmake -S . -B build-wasm -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMDSEQ_BUILD_STUDIO=ON >/dev/null
        cmake --build build-wasm
        # ONNX Runtime for the parity tests; its install script fetches GPU
        # libraries this machine cannot reach, and the CPU library is in the package
        if [ ! -d tests/onnx/node_modules/onnxruntime-node ]; then
            # a Node from elsewhere may bring its own npm; HTTPS to the registry needs ca-certificates
            command -v npm >/dev/null || install_packages npm ca-certificates
            (cd tests/onnx && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
        fi
        # playwright-core drives Debian's Chromium; it downloads no browser
        if [ ! -d tests/browser/node_modules/playwright-core ]; then
            command -v npm >/dev/null || install_packages npm ca-certificates
            (cd tests/browser && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
        fi
        # ONNX Runtime Web, the page's second backend, served from web/node_modules
        if [ ! -d web/node_modules/onnxruntime-web ]; then
            command -v npm >/dev/null || install_packages npm ca-certificates
            (cd web && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
        fi
        build_native -DCMDSEQ_BUILD_TESTS=ON -DCMDSEQ_BUILD_TRAINER=ON -DCMDSEQ_BUILD_STUDIO=ON -DCMDSEQ_WASM_BUILD_DIR="$PWD/build-wasm"
        ctest --test-dir build --output-on-failure -j "$(nproc)"
        # The core, the CLI and the unit tests again, built by clang with
        # AddressSanitizer and UBSan (a report fails its test), in the build
        # that also holds the libFuzzer targets: a 30 s run of each is a test
        # there (tests/fuzz/). No trainer, no studio. -O1 -g, assertions on.
        cmake -S . -B build-fuzz -G Ninja -DCMAKE_CXX_COMPILER=clang++-14 -DCMAKE_BUILD_TYPE=RelWithDebInfo \
            "-DCMAKE_CXX_FLAGS_RELWITHDEBINFO=-O1 -g" -DCMDSEQ_FUZZ=ON -DCMDSEQ_BUILD_TESTS=ON \
            -DCMDSEQ_BUILD_TRAINER=OFF -DCMDSEQ_BUILD_STUDIO=OFF >/dev/null
        cmake --build build-fuzz
        UBSAN_OPTIONS=print_stacktrace=1 ctest --test-dir build-fuzz --output-on-failure -j "$(nproc)"
        ;;
    test-arm)
        install_packages "${build_packages[@]}" doctest-dev g++-aarch64-linux-gnu qemu-user
        cmake -S . -B build-aarch64 -G Ninja -DCMAKE_BUILD_TYPE=Release -DCMDSEQ_BUILD_TESTS=ON -DCMDSEQ_BUILD_STUDIO=OFF \
            -DCMAKE_TOOLCHAIN_FILE=cmake/aarch64-linux-gnu.cmake >/dev/null
        cmake --build build-aarch64
        ctest --test-dir build-aarch64 --output-on-failure -j "$(nproc)"
        ;;
    *)
        echo "usage: bash scripts/bootstrap.sh demo [REQUEST...] | test | test-arm" >&2
        exit 1
        ;;
esac
