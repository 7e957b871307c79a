#!/usr/bin/env bash
# Schemathesis against /api/openapi.json for every role (admin, secretary,
# chair, delegate), each on a fresh `kyhop demo`: zero 5xx, every response
# matching its documented schema, status code and content type. CI runs it
# with 3 examples per operation (scripts/test.sh); this is the longer run:
# scripts/schemathesis.sh [EXAMPLES] (default 12, ~5,000 cases per role).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
cargo build --quiet
.venv/bin/python tests/api/schemathesis_roles.py "${CARGO_TARGET_DIR:-target}/debug/kyhop" --examples "${1:-12}"
