#!/usr/bin/env python3
# Ticketflow CPU samples of the store's wire path in a JFR recording (e.g. target/bench/ticketflow.jfr of
# `bench/run e2e --profile --profile-sampling max`): samples with a store transport frame (BulkWireFormat,
# CoalescingTransport, MicroBatcher, SplitWhenTooLarge, RequestWindow) or on the ES client / batcher threads, by the
# innermost such frame (with its hottest top frames), and by library region. Usage: bench/jfr-wire.py FILE.jfr
# (needs the JDK's jfr on the PATH). JFR samples Java code only: a thread's time in the kernel (parks, sockets) is
# in the bench's per-thread CPU, not here.
import json, subprocess, sys, re, collections
out = subprocess.run(["jfr", "print", "--json", "--stack-depth", "200", "--events", "jdk.ExecutionSample", sys.argv[1]],
                     capture_output=True, text=True, check=True).stdout
ev = json.loads(out)["recording"]["events"]
n = len(ev)
def name(fr):
    m = fr["method"]; return m["type"]["name"].replace("/", ".") + "." + m["name"]
WIRE = re.compile(r"io\.ticketflow\.store\.(BulkWireFormat|CoalescingTransport|MicroBatcher|SplitWhenTooLarge|RequestWindow)")
groups = collections.Counter(); tops = collections.defaultdict(collections.Counter); total = 0
path = collections.Counter()
for e in ev:
    v = e["values"]; frames = v["stackTrace"]["frames"] if v["stackTrace"] else []
    tn = re.sub(r"\d+", "#", (v["sampledThread"] or {}).get("javaName") or "?")
    names = [name(f) for f in frames]
    wire = [nm for nm in names if WIRE.match(nm)]
    if not wire and not tn.startswith("elasticsearch-rest-client") and not tn.startswith("es-bulk"):
        continue
    total += 1
    # innermost wire frame, or the thread
    key = wire[0] if wire else "thread " + tn
    groups[key] += 1
    tops[key][names[0] if names else "?"] += 1
    # classify by library region of the innermost few frames
    sig = None
    for nm in names:
        if nm.startswith("com.fasterxml.jackson.databind.ser") or "BeanSerializer" in nm or "writeValue" in nm: sig = "jackson-serialize"; break
        if "readTree" in nm or "JsonNodeDeserializer" in nm or "_deserializeContainer" in nm: sig = "readTree"; break
        if nm.startswith("co.elastic.clients.json") or nm.startswith("co.elastic.clients.elasticsearch"): sig = "es-client-json/deser"; break
        if nm.startswith("org.apache.http"): sig = "apache-http"; break
        if nm.startswith("java.util.zip"): sig = "zip"; break
        if nm.startswith("java.util.concurrent") or nm.startswith("java.util.concurrent.locks"): sig = "j.u.c"; break
    path[sig or ("other:" + (names[0] if names else "?"))] += 1
print(f"wire samples {total} of {n} = {100*total/n:.1f} %")
for k, c in groups.most_common(30):
    print(f"{100*c/n:5.2f}% {c:4d} {k}")
    for t, c2 in tops[k].most_common(6): print(f"        {c2:4d} {t}")
print("\n## by region")
for k, c in path.most_common(40): print(f"{100*c/n:5.2f}% {c:4d} {k}")
