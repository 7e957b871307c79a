#!/usr/bin/env python3
"""The API document is exact: schemathesis against a real `kyhop demo`, once
for each role (admin, secretary, chair, delegate), every operation but
sign-out. It must find no server error, no response outside the document
(status code, schema, content type).

Usage: schemathesis_roles.py KYHOP_BINARY [--examples N]
Exits non-zero on any failure or error that schemathesis reports; the last
line is JSON with the counts per role.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
VENV_BIN = Path(sys.executable).parent
CHECKS = ",".join(
    [
        "not_a_server_error",
        "response_schema_conformance",
        "status_code_conformance",
        "content_type_conformance",
    ]
)


def post_json(url, body):
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json"},
        method="POST",
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def start_demo(binary, data_dir):
    log = open(data_dir / "server.log", "w+")
    process = subprocess.Popen(
        [binary, "demo", "--data-dir", str(data_dir / "demo"), "--bind", "127.0.0.1:0"],
        stdout=subprocess.PIPE,
        stderr=log,
        text=True,
    )
    line = process.stdout.readline()
    if "listening on" not in line:
        process.kill()
        log.seek(0)
        sys.exit(f"the demo did not start: {line!r}\n{log.read()}")
    url = line.split()[-1]
    # Drain the rest of stdout so the server never blocks on a full pipe.
    subprocess.Popen(["cat"], stdin=process.stdout, stdout=subprocess.DEVNULL)
    return process, url


def tokens(url, data_dir):
    accounts = json.loads((data_dir / "demo" / "demo-accounts.json").read_text())
    found = {}
    for account in accounts:
        if account["role"] in ("admin", "secretary", "chair"):
            reply = post_json(
                f"{url}/api/auth/login",
                {"username": account["username"], "password": account["password"]},
            )
            found[account["role"]] = reply["token"]
    codes = (data_dir / "demo" / "demo-pairing-codes.tsv").read_text().split("\n")
    code = next(line.split("\t")[-1] for line in codes if line.strip())
    found["delegate"] = post_json(f"{url}/api/auth/pair", {"code": code})["token"]
    return found


def get_json(url, token):
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def still_signed_in(url, role, token):
    """The run tested the role only if its sign-in lasted: an admin's own
    PATCH (a role or password change) would otherwise leave every later
    request answering a documented 401 and the run passing on nothing."""
    try:
        me = get_json(f"{url}/api/auth/me", token)
    except urllib.error.HTTPError as e:
        return f"GET /api/auth/me answered {e.code}"
    if me.get("role") != role or me.get("must_change_password"):
        return f"the account changed during the run: {me}"
    return None


def run_role(url, role, token, examples, report_dir):
    report = report_dir / f"{role}.json"
    env = dict(os.environ, SCHEMATHESIS_HOOKS="st_hooks", PYTHONPATH=str(HERE))
    command = [
        str(VENV_BIN / "schemathesis"),
        "run",
        f"{url}/api/openapi.json",
        "--header",
        f"Authorization: Bearer {token}",
        "--checks",
        CHECKS,
        "--exclude-path",
        "/api/auth/logout",
        "--max-examples",
        str(examples),
        "--seed",
        "20261202",
        # One worker: hypothesis describes its filters with ast.parse, which
        # CPython 3.11 does not make safe across threads ("AST constructor
        # recursion depth mismatch" with two workers).
        "--workers",
        "1",
        # A hang still fails the role; the margin is for the debug build on
        # a loaded two-core machine, where a PDF of every person the fuzzer
        # made took over 3 s once (GET /api/sessions/{id}/invitations.pdf).
        "--request-timeout",
        "10",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
    ]
    started = time.monotonic()
    # Run in the temporary directory: schemathesis keeps a cache in its
    # working directory, which is no part of the repository.
    result = subprocess.run(command, env=env, capture_output=True, text=True, cwd=report_dir)
    seconds = round(time.monotonic() - started, 1)
    summary = result.stdout[result.stdout.rfind("SUMMARY") :] if "SUMMARY" in result.stdout else result.stdout[-3000:]
    print(f"== {role}: exit {result.returncode} in {seconds} s")
    if result.returncode != 0:
        print(result.stdout[-20000:])
        print(result.stderr[-5000:], file=sys.stderr)
    else:
        print(summary.strip()[-1500:])
    return {"role": role, "exit": result.returncode, "seconds": seconds}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("binary")
    parser.add_argument("--examples", type=int, default=5)
    args = parser.parse_args()
    results = []
    # A fresh demo for each role: what one role's requests delete or change
    # (an admin may delete the other accounts) must not blind the next.
    for role in ("admin", "secretary", "chair", "delegate"):
        with tempfile.TemporaryDirectory() as tmp:
            tmp = Path(tmp)
            process, url = start_demo(args.binary, tmp)
            try:
                token = tokens(url, tmp)[role]
                result = run_role(url, role, token, args.examples, tmp)
                lost = still_signed_in(url, role, token)
                if lost:
                    print(f"== {role}: the sign-in did not last the run: {lost}")
                    result["exit"] = result["exit"] or 1
                results.append(result)
                if process.poll() is not None:
                    sys.exit(f"the server stopped during the {role} run")
            finally:
                process.terminate()
                process.wait(timeout=30)
    failed = [r["role"] for r in results if r["exit"] != 0]
    print(json.dumps({"examples": args.examples, "roles": results, "failed_roles": failed}))
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
