#!/usr/bin/env python3
# The JIT of one JVM over an e2e run: compilations by phase (start, warm-up, idle, burst) and tier, C2 recompilations,
# the burst's C2 work by package, deoptimizations and their reasons, code cache use. Record both JVMs from their start:
#   bench/run e2e ... --jvm-opts "-XX:StartFlightRecording=filename=/tmp/tf.jfr,settings=$PWD/bench/jit.jfc,dumponexit=true"
#                     --es-jvm-opts "-XX:StartFlightRecording=filename=/tmp/es.jfr,settings=$PWD/bench/jit.jfc,dumponexit=true"
#   (a folder the node's user may write, e.g. /tmp; the jfc must be readable by it), with the bench's output in a file,
# then: bench/jfr-jit.py /tmp/tf.jfr BENCH-OUTPUT (needs the JDK's jfr on the PATH; phases from the [bench] lines).
import json, subprocess, sys, collections, datetime, re

jfr, bench_out = sys.argv[1], sys.argv[2]
phases = []  # (name, start, end) as HH:MM:SS from the bench log
lines = open(bench_out).read().splitlines()
def t(line): return re.match(r"\[bench (\d\d:\d\d:\d\d)\]", line).group(1)
start = {}
for l in lines:
    if "Ticketflow pid" in l: start["warm-up"] = t(l)
    m = re.search(r"\] (warm-up|throughput): \d+ mails searchable", l)
    if m: start[m.group(1) + "-end"] = t(l)
    if "idle:" in l: start["idle-end"] = t(l)
warm = (start["warm-up"], start["warm-up-end"]); burst = (start["idle-end"], start["throughput-end"])

def events(name):
    out = subprocess.run(["jfr", "print", "--json", "--events", name, jfr], capture_output=True, text=True).stdout
    return json.loads(out)["recording"]["events"]

def hms(ev):
    # startTime like 2026-12-07T20:02:31.123456789Z (UTC) -> HH:MM:SS
    return ev["values"]["startTime"][11:19]

def phase(ev):
    x = hms(ev)
    if warm[0] <= x <= warm[1]: return "warm-up"
    if burst[0] <= x <= burst[1]: return "burst"
    if x < warm[0]: return "start"
    if warm[1] < x < burst[0]: return "idle"
    return "after"

def dur_ms(ev):
    d = ev["values"].get("duration", "PT0S")
    m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", d)
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0.0

print("phases (UTC): warm-up %s-%s, burst %s-%s" % (warm + burst))
comp = events("jdk.Compilation")
agg = collections.defaultdict(lambda: [0, 0.0])
pkg = collections.defaultdict(lambda: [0, 0.0])
per_method_l4 = collections.Counter()
sizes = collections.defaultdict(int)
for ev in comp:
    v = ev["values"]; p = phase(ev); lvl = v["compileLevel"]; d = dur_ms(ev)
    agg[(p, lvl)][0] += 1; agg[(p, lvl)][1] += d
    mt = v["method"]; cls = mt["type"]["name"].replace("/", ".")
    key = cls + "." + mt["name"] + mt["descriptor"]
    if lvl == 4 and not v.get("isOsr"): per_method_l4[key] += 1
    sizes[p] += v.get("codeSize", 0)
    if p == "burst" and lvl == 4:
        parts = cls.split(".")
        pk = ".".join(parts[:3]) if len(parts) > 3 else ".".join(parts[:-1])
        pkg[pk][0] += 1; pkg[pk][1] += d
print("\ncompilations by phase and tier: count / ms of compile time (event durations, wall)")
for p in ["start", "warm-up", "idle", "burst", "after"]:
    row = ["%s: %d / %.0f" % ("L%d" % l, agg[(p, l)][0], agg[(p, l)][1]) for l in range(1, 5) if agg[(p, l)][0]]
    print("  %-8s %s  code bytes %d" % (p, ", ".join(row), sizes[p]))
rec = [(k, n) for k, n in per_method_l4.items() if n > 1]
print("\nmethods compiled at L4 (not OSR) more than once: %d of %d (compilations beyond the first: %d)" % (
    len(rec), len(per_method_l4), sum(n - 1 for _, n in rec)))
for k, n in sorted(rec, key=lambda x: -x[1])[:8]: print("   %d x %s" % (n, k[:140]))
print("\nburst L4 compilations by package (top 15): count / ms")
for k, (n, d) in sorted(pkg.items(), key=lambda x: -x[1][1])[:15]: print("   %-45s %4d / %6.0f" % (k, n, d))
deo = events("jdk.Deoptimization")
dp = collections.Counter(); reasons = collections.Counter(); dmeth = collections.Counter()
for ev in deo:
    p = phase(ev); dp[p] += 1
    if p == "burst":
        v = ev["values"]; reasons[(v.get("reason"), v.get("action"))] += 1
        mt = v["method"]; dmeth[mt["type"]["name"] + "." + mt["name"]] += 1
print("\ndeoptimizations by phase:", dict(dp))
print("burst deopt reasons/actions:", reasons.most_common(8))
print("burst most deoptimized methods:", dmeth.most_common(8))
print("\njdk.CodeCacheFull events:", len(events("jdk.CodeCacheFull")))
cc = events("jdk.CodeCacheStatistics")
last = {}
for ev in cc:
    v = ev["values"]; last[v["codeBlobType"]] = (hms(ev), v["reservedTopAddress"] - v["startAddress"], v["unallocatedCapacity"], v["entryCount"], v["methodCount"], v["fullCount"])
for k, (h, res, free, e, m, full) in last.items():
    print("code cache %-28s at %s: reserved %.1f MB, unallocated %.1f MB, entries %d, methods %d, full %d" % (k, h, res / 2**20, free / 2**20, e, m, full))
cs = events("jdk.CompilerStatistics")
def at(ts):
    best = None
    for ev in cs:
        if hms(ev) <= ts: best = ev["values"]
    return best
for name, ts in [("warm-up start", warm[0]), ("burst start", burst[0]), ("burst end", burst[1])]:
    v = at(ts)
    if v:
        print("CompilerStatistics at %-14s compilations %d (OSR %d), bailouts %d, invalidated %d, code %.1f MB, "
              "compile time so far %s" % (name, v["compileCount"], v["osrCompileCount"], v["bailoutCount"],
                                          v["invalidatedCount"], v.get("nmethodCodeSize", 0) / 2**20, v["totalTimeSpent"]))
