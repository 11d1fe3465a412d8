#!/usr/bin/env python3
# The bench process's own CPU samples (target/bench/bench.jfr of `bench/run e2e --profile-bench`): by thread, by what the
# harness was doing (GreenMail IMAP command, SMTP, the delivery loop, the searchable checks), hottest top frames and
# methods inclusive. Usage: bench/jfr-harness.py FILE.jfr (needs the JDK's jfr on the PATH).
import json, subprocess, sys, re, collections
f = sys.argv[1]
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample", f], capture_output=True, text=True, check=True).stdout
ev = json.loads(out)["recording"]["events"]
def name(fr):
    m = fr["method"]; return m["type"]["name"].replace("/", ".") + "." + m["name"]
thread = collections.Counter(); top = collections.Counter(); incl = collections.Counter(); cat = collections.Counter()
CATS = [("SmtpHandler/DATA", "com.icegreen.greenmail.smtp."), ("FETCH", "FetchCommand"), ("MOVE", "MoveCommand"), ("COPY", "CopyCommand"),
        ("IDLE", "IdleCommand"), ("STORE/flags", "StoreCommand"), ("delivery loop", "EndToEndBenchmark.throughput"), ("SMTP sink", "SmtpSink"),
        ("poll count", "Es."), ("imap other", "com.icegreen.greenmail.imap"), ("jfr", "jdk.jfr")]
for e in ev:
    v = e["values"]; frames = v["stackTrace"]["frames"] if v["stackTrace"] else []
    tn = (v["sampledThread"] or {}).get("javaName") or "?"
    thread[re.sub(r"\d+", "#", tn)] += 1
    names = [name(fr) for fr in frames]
    top[names[0] if names else "?"] += 1
    for nm in set(names): incl[nm] += 1
    c = "other"
    for label, key in CATS:
        if any(key in nm for nm in names): c = label; break
    cat[c] += 1
n = len(ev); print("samples", n)
for title, c, k in (("thread", thread, 10), ("category", cat, 15), ("top", top, 30), ("inclusive", incl, 70)):
    print("==", title)
    for key, cnt in c.most_common(k): print(f"{100*cnt/n:5.1f}% {cnt:5d} {key}")
