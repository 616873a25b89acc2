"""commit confirmed with a 1 s timeout rolls back; a second session cannot lock.

Usage: ncclient_confirm.py PORT USER PASSWORD
"""
import json
import sys
import time

from ncclient import manager
from ncclient.xml_ import to_ele

port, user, password = int(sys.argv[1]), sys.argv[2], sys.argv[3]


def connect():
    return manager.connect(host="127.0.0.1", port=port, username=user, password=password,
                           hostkey_verify=False, allow_agent=False, look_for_keys=False,
                           device_params={"name": "junos"}, timeout=30)


def building(m):
    found = m.get_config(source="running").xpath("//building")
    return found[0].text if found else None


out = {}
with connect() as m, connect() as other:
    m.lock(target="candidate")
    try:
        other.lock(target="candidate")
        out["lock_denied"] = False
    except Exception:
        out["lock_denied"] = True
    m.load_configuration(action="merge", format="text",
                         config="system { location { building b-confirm; } }")
    # RFC 6241 commit: confirm-timeout in seconds (Junos commit-configuration counts minutes)
    m.rpc(to_ele("<commit><confirmed/><confirm-timeout>1</confirm-timeout></commit>"))
    out["during"] = building(m)
    m.unlock(target="candidate")
    for _ in range(50):
        time.sleep(0.2)
        if building(m) is None:
            break
    out["after"] = building(m)
print(json.dumps(out))
