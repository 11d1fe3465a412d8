#!/usr/bin/env python3
# Where a JVM's C2 time goes in one phase of an e2e run: the C2 (level 4) compilations of a time window from a JFR
# recording made with bench/jit.jfc (see bench/jfr-jit.py for how to record), by the bytecode size they inlined, and the
# costliest ones. Usage: bench/jfr-jit-cost.py FILE.jfr HH:MM:SS HH:MM:SS (UTC window, e.g. the burst's [bench] lines)
import collections, json, re, subprocess, sys

jfr, t0, t1 = sys.argv[1], sys.argv[2], sys.argv[3]
out = subprocess.run(["jfr", "print", "--json", "--events", "jdk.Compilation", jfr], capture_output=True, text=True).stdout
events = json.loads(out)["recording"]["events"]

def ms(d):
    m = re.match(r"PT(?:(\d+)M)?([\d.]+)S", d)
    return (int(m.group(1) or 0) * 60 + float(m.group(2))) * 1000 if m else 0.0

rows = []
for ev in events:
    v = ev["values"]
    if v["compileLevel"] != 4 or not (t0 <= v["startTime"][11:19] <= t1):
        continue
    mt = v["method"]
    rows.append((ms(v.get("duration", "PT0S")), v.get("inlinedBytes") or 0, v.get("codeSize") or 0, bool(v.get("isOsr")),
                 mt["type"]["name"].replace("/", ".") + "." + mt["name"]))
total = sum(r[0] for r in rows) or 1.0
print("C2 compilations %s-%s: %d, %.0f ms (event durations, wall)" % (t0, t1, len(rows), total))
print("by inlined bytecode bytes: count / ms / share of the C2 time")
buckets = collections.OrderedDict((k, [0, 0.0]) for k in ("< 500", "500-1999", "2000-4999", ">= 5000"))
for d, inl, *_ in rows:
    k = "< 500" if inl < 500 else "500-1999" if inl < 2000 else "2000-4999" if inl < 5000 else ">= 5000"
    buckets[k][0] += 1; buckets[k][1] += d
for k, (n, d) in buckets.items():
    print("  %-10s %5d / %7.0f / %4.1f %%" % (k, n, d, 100 * d / total))
print("costliest 20 (ms, inlined bytes, code bytes, osr, method):")
for r in sorted(rows, reverse=True)[:20]:
    print("  %6.0f %6d %6d %-5s %s" % r)
