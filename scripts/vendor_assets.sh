#!/usr/bin/env bash
# Placeholder until the Designsystemet vendoring lands.
set -euo pipefail
mkdir -p static/vendor
