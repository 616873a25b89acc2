"""The original Trigger (PyPI trigger 2.3.3) on the inventory of bench/original_compare.ts.

Usage: _original_netdevices.py DIR   (DIR/netdevices.json; DIR/settings.py is written here)

PyPI's trigger 2.3.3 (wheel and sdist) lacks the package trigger.netdevices.loaders, so its
default NETDEVICES_LOADERS cannot import and no inventory loads. A JSON loader written here
against its documented loader interface (trigger.netdevices.loader.BaseLoader) stands in:
json.load of the file; everything after (NetDevice objects, indexes) is the original's.
Prints one JSON line of timings in ms: load, match, find, search (best of 3 for queries).
"""
import json
import os
import sys
import time
import warnings

warnings.simplefilter("ignore")
workdir = sys.argv[1]
with open(f"{workdir}/bench_loader.py", "w") as f:
    f.write(
        "import json\nfrom trigger.netdevices.loader import BaseLoader\n\n\n"
        "class JSONLoader(BaseLoader):\n    is_usable = True\n\n"
        "    def load_data_source(self, data_source, **kwargs):\n"
        "        with open(data_source) as f:\n            return json.load(f)\n"
    )
sys.path.insert(0, workdir)
with open(f"{workdir}/settings.py", "w") as f:
    f.write(
        f"NETDEVICES_SOURCE = {workdir + '/netdevices.json'!r}\nWITH_ACLS = False\n"
        "NETDEVICES_LOADERS = ('bench_loader.JSONLoader',)\n"
    )
os.environ["TRIGGER_SETTINGS"] = f"{workdir}/settings.py"
os.environ["NETDEVICES_SOURCE"] = f"{workdir}/netdevices.json"

t0 = time.perf_counter()
from trigger.netdevices import NetDevices  # noqa: E402

imported = time.perf_counter()
nd = NetDevices(production_only=True, with_acls=False)
loaded = time.perf_counter()


def best(f, runs=3):
    out = []
    for _ in range(runs):
        s = time.perf_counter()
        r = f()
        out.append((time.perf_counter() - s) * 1000)
    return min(out), r


match_ms, matched = best(lambda: nd.match(site="SITE7", manufacturer="ARISTA"))
find_ms, found = best(lambda: nd.find("dev77.site27.example.net"))
search_ms, searched = best(lambda: nd.search("dev7777"))
print(json.dumps({
    "devices": len(nd), "import_ms": (imported - t0) * 1000, "load_ms": (loaded - imported) * 1000,
    "match_ms": match_ms, "matched": len(matched), "find_ms": find_ms, "found": str(found),
    "search_ms": search_ms, "searched": len(searched),
}))
