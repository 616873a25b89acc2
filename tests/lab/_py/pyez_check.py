"""Opens the lab's Junos emulator with PyEZ (gather_facts=True).

Usage: pyez_check.py PORT USER PASSWORD
Prints one JSON object with facts and RPC results; exits non-zero on failure.
"""
import json
import sys
import warnings

from jnpr.junos import Device

warnings.simplefilter("ignore")
port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
dev = Device(host="127.0.0.1", port=port, user=user, passwd=password,
             gather_facts=True, normalize=True)
dev.open()
try:
    out = {
        "version": dev.facts["version"],
        "hostname": dev.facts["hostname"],
        "model": dev.facts["model"],
        "serial": dev.facts["serialnumber"],
        "master": dev.facts["master"],
        "personality": dev.facts["personality"],
    }
    sw = dev.rpc.get_software_information()
    out["rpc_host"] = sw.findtext("host-name")
    out["cli"] = dev.cli("show version", warning=False)
finally:
    dev.close()
print(json.dumps(out))
