"""A device with the rejectConfig fault refuses load-configuration.

Usage: ncclient_reject.py PORT USER PASSWORD
"""
import json
import sys

from ncclient import manager

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]
out = {}
with manager.connect(host="127.0.0.1", port=port, username=user, password=password,
                     hostkey_verify=False, allow_agent=False, look_for_keys=False,
                     device_params={"name": "junos"}, timeout=30) as m:
    try:
        m.load_configuration(action="merge", format="text", config="system { location { building x; } }")
        out["load"] = "accepted"
    except Exception as e:
        out["load"] = type(e).__name__
    out["get_config_ok"] = len(m.get_config(source="running").xpath("//host-name")) == 1
print(json.dumps(out))
