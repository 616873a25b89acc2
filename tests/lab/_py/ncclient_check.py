"""Drives the lab's NETCONF emulator with ncclient (a real client).

Usage: ncclient_check.py PORT USER PASSWORD
Prints one JSON object with what it saw; exits non-zero on failure.
"""
import json
import sys

from ncclient import manager
from ncclient.xml_ import to_ele

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = {}
with manager.connect(host="127.0.0.1", port=port, username=user, password=password,
                     hostkey_verify=False, allow_agent=False, look_for_keys=False,
                     device_params={"name": "junos"}, timeout=30) as m:
    out["base11"] = "urn:ietf:params:netconf:base:1.1" in m.server_capabilities
    cfg = m.get_config(source="running")
    out["hostname"] = cfg.xpath("//host-name")[0].text
    sw = m.rpc(to_ele("<get-software-information/>"))
    out["version"] = sw.xpath("//junos-version")[0].text
    m.lock(target="candidate")
    load = m.load_configuration(action="merge", format="text",
                                config="system { location { building lab-42; } }")
    out["load_ok"] = len(load.xpath("//load-success")) == 1
    m.commit()
    m.unlock(target="candidate")
    cfg2 = m.get_config(source="running")
    out["building"] = cfg2.xpath("//building")[0].text
    try:
        m.rpc(to_ele("<get-no-such-thing/>"))
        out["unknown_rpc"] = "no error"
    except Exception as e:  # ncclient raises RPCError
        out["unknown_rpc"] = type(e).__name__
print(json.dumps(out))
