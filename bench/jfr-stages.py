#!/usr/bin/env python3
# Ticketflow CPU samples of a JFR recording (e.g. target/bench/ticketflow.jfr of `bench/run e2e --profile`) by intake
# step (the innermost io.ticketflow.intake.<Step>.apply* frame, else the nearest Ticketflow class), by thread, hottest
# top frames overall and per step. Usage: bench/jfr-stages.py FILE.jfr (needs the JDK's jfr on the PATH).
import json, subprocess, sys, re, collections
f = sys.argv[1]
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample", f],
                     capture_output=True, text=True, check=True).stdout
ev = json.loads(out)["recording"]["events"]
n = len(ev)
stage = collections.Counter(); pkg = collections.Counter(); thread = collections.Counter(); top = collections.Counter()
topByStage = collections.defaultdict(collections.Counter); lib = collections.Counter()
incl = collections.Counter()
def name(fr):
    m = fr["method"]; return m["type"]["name"].replace("/", ".") + "." + m["name"]
for e in ev:
    v = e["values"]; frames = v["stackTrace"]["frames"] if v["stackTrace"] else []
    tn = (v["sampledThread"] or {}).get("javaName") or (v["sampledThread"] or {}).get("osName") or "?"
    thread[re.sub(r"\d+", "#", tn)] += 1
    names = [name(fr) for fr in frames]
    st = None
    for nm in names:  # innermost first
        mm = re.match(r"io\.ticketflow\.intake\.([A-Z]\w*)\.(apply\w*|appliesTo|keep\w*)$", nm)
        if mm and mm.group(1) not in ("StepList", "ReliableIntake", "Intake", "BatchWalk", "OrderedBatch", "IntakeWorkers"):
            st = mm.group(1); break
    if st is None:
        for nm in names:
            if nm.startswith("io.ticketflow.") and "$$Lambda" not in nm:
                st = "other:" + ".".join(nm.split(".")[2:-1]).split("$")[0]; break
    if st is None: st = "(no ticketflow frame) " + re.sub(r"\d+", "#", tn)
    stage[st] += 1
    p = next((nm.split(".")[2] + " (" + nm.split(".")[-2].split("$")[0] + ")" for nm in names if nm.startswith("io.ticketflow.") and "$$Lambda" not in nm), "(outside)")
    pkg[p] += 1
    t = names[0] if names else "?"
    top[t] += 1; topByStage[st][t] += 1
    for nm in set(names):
        if nm.startswith("io.ticketflow.") or nm.startswith("com.fasterxml") or nm.startswith("co.elastic"): pass
    for nm in set(n2 for n2 in names if n2.startswith("io.ticketflow.") and "$$Lambda" not in n2):
        incl[nm] += 1
def show(title, c, k=25):
    print(f"\n## {title} ({n} samples)")
    for key, cnt in c.most_common(k): print(f"{100*cnt/n:5.1f}% {cnt:5d}  {key}")
show("by stage (innermost intake step, else nearest ticketflow package)", stage, 40)
show("by thread", thread, 15)
show("by nearest ticketflow class", pkg, 30)
show("hottest top frames", top, 30)
show("ticketflow methods inclusive", incl, 40)
for st, c in stage.most_common(12):
    print(f"\n### top frames in {st} ({c})")
    for key, cnt in topByStage[st].most_common(8): print(f"{100*cnt/n:5.1f}% {cnt:5d}  {key}")
