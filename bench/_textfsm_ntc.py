"""Python's side of bench/textfsm_ntc.ts: ntc-templates' own test cases through
textfsm 2.x + ntc_templates.parse.parse_output, as its test suite runs them.

Usage: _textfsm_ntc.py REPO [PASSES]   (REPO: a checkout of networktocode/ntc-templates)
Prints one JSON line: {"cases", "best_s", "identical"} (identical: results equal to the .yml).
"""
import glob
import json
import sys
import time

import yaml
from ntc_templates.parse import parse_output

repo = sys.argv[1]
passes = int(sys.argv[2]) if len(sys.argv) > 2 else 3
tdir = f"{repo}/ntc_templates/templates"
cases = []
for raw in sorted(glob.glob(f"{repo}/tests/*/*/*.raw")):
    platform, command = raw.split("/")[-3], " ".join(raw.split("/")[-2].split("_"))
    with open(raw, encoding="utf-8") as f:
        data = f.read()
    with open(raw[:-4] + ".yml", encoding="utf-8") as f:
        want = yaml.safe_load(f)["parsed_sample"]
    cases.append((platform, command, data, want))

best = None
identical = 0
for _ in range(passes):
    identical = 0
    t0 = time.perf_counter()
    for platform, command, data, want in cases:
        got = parse_output(platform=platform, command=command, data=data, template_dir=tdir)
        identical += got == want
    elapsed = time.perf_counter() - t0
    best = elapsed if best is None else min(best, elapsed)
print(json.dumps({"cases": len(cases), "best_s": best, "identical": identical}))
