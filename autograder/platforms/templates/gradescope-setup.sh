#!/usr/bin/env bash
# Gradescope runs this once, when it builds the autograder's image.
# It installs dlkata @@VERSION@@ (the grading edition this bundle was exported from,
# with TensorFlow) and computes every expected output into the image, so that
# grading a submission imports no TensorFlow. Written by `dlkata export gradescope`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
HOME_DIR="@@HOME@@"

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# bubblewrap: the sandbox's namespaces where the kernel allows them
apt-get install -y -qq --no-install-recommends bubblewrap ca-certificates >/dev/null

# dlkata needs Python 3.11 or newer (Ubuntu 22.04's python3 is 3.10)
PY=""
for candidate in python3.13 python3.12 python3.11 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
       "$candidate" -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
        PY="$candidate"
        break
    fi
done
if [ -z "$PY" ]; then
    apt-get install -y -qq --no-install-recommends python3.11 python3.11-venv >/dev/null
    PY=python3.11
fi

"$PY" -m venv "$HOME_DIR/venv"
"$HOME_DIR/venv/bin/python" -m pip install --quiet --no-cache-dir --upgrade pip
"$HOME_DIR/venv/bin/python" -m pip install --quiet --no-cache-dir "./@@WHEEL@@"
# the wheel holds the reference solutions: installed, it is kept from graded code; lying here, it would not be
rm -f "./@@WHEEL@@"

export DLKATA_CACHE="$HOME_DIR/cache"
"$HOME_DIR/venv/bin/python" -m dlkata.autograder.platforms.warm "$PWD/@@SETTINGS@@"
