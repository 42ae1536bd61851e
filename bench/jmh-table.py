#!/usr/bin/env python3
"""Turns a JMH JSON result file (java -jar benchmarks.jar -rf json -rff FILE) into the markdown
tables of BENCHMARKS.md: one row per benchmark and parameter set, ns/op with the 99.9% error, and
for the value codec the ratio of seal+open to bare JCE GCM encrypt+decrypt of the same size."""
import json
import sys


def short(name):
    return name.rsplit(".", 2)[-2] + "." + name.rsplit(".", 1)[-1]


def main(path):
    results = json.load(open(path))
    baseline = {}
    for r in results:
        if r["benchmark"].endswith("BareGcmBaselineBenchmark.encryptDecrypt"):
            baseline[r["params"]["size"]] = r["primaryMetric"]["score"]
    print("| benchmark | params | ns/op | ± (99.9%) | sealOpen / bare GCM |")
    print("|---|---|---|---|---|")
    for r in results:
        params = r.get("params", {})
        metric = r["primaryMetric"]
        ratio = ""
        if r["benchmark"].endswith("ValueCodecBenchmark.sealOpen") and params.get("size") in baseline:
            ratio = "%.2fx" % (metric["score"] / baseline[params["size"]])
        described = " ".join("%s=%s" % kv for kv in sorted(params.items()))
        print("| %s | %s | %.0f | %.0f | %s |" % (short(r["benchmark"]), described, metric["score"],
                                                metric["scoreError"], ratio))


if __name__ == "__main__":
    main(sys.argv[1])
