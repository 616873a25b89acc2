"""The Python peers of bench/fanout_peers.ts: one run of PEER over the lab's devices.

Usage: _fanout_peers.py PEER DIR   (PEER: netmiko | nornir | scrapli)

DIR holds netdevices.json and lab.json (written by bench/_fanout_lab.ts). Each device
gets "show version" and "show clock", driven as cisco_ios (scrapli: its cisco_iosxe
definition, which is IOS and IOS-XE), 64 at a time, the way each project's docs show:
Netmiko ConnectHandler in a ThreadPoolExecutor(64); Nornir 3 with nornir_netmiko and
the threaded runner (num_workers=64); scrapli's asyncio API under asyncio.gather with a
semaphore of 64. Host keys are not checked (the peers' defaults or the nearest option).
Prints one JSON line: {"devices", "ok", "failed", "errors": {kind: count}, "sample": {...}}.
"""
import asyncio
import json
import logging
import sys
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

COMMANDS = ["show version", "show clock"]
PARALLEL = 64

peer, workdir = sys.argv[1], sys.argv[2]
inventory = json.load(open(f"{workdir}/netdevices.json"))
creds = json.load(open(f"{workdir}/lab.json"))
devices = [
    {"name": d["nodeName"], "host": d.get("address", "127.0.0.1"), "port": int(d["nodePort"])}
    for d in inventory
]
logging.disable(logging.CRITICAL)


def kind(e):
    return type(e).__name__


def run_netmiko():
    from netmiko import ConnectHandler

    def one(d):
        with ConnectHandler(
            device_type="cisco_ios", host=d["host"], port=d["port"],
            username=creds["username"], password=creds["password"],
            secret=creds.get("enablePassword") or "",
        ) as conn:
            return [conn.send_command(c) for c in COMMANDS]

    out = {}
    with ThreadPoolExecutor(max_workers=PARALLEL) as pool:
        futures = {d["name"]: pool.submit(one, d) for d in devices}
        for name, f in futures.items():
            try:
                out[name] = f.result()
            except Exception as e:  # noqa: BLE001 - counted per kind
                out[name] = e
    return out


def run_nornir():
    from nornir import InitNornir
    from nornir.core.inventory import Defaults, Groups, Host, Hosts, Inventory
    from nornir.core.plugins.inventory import InventoryPluginRegister
    from nornir_netmiko.tasks import netmiko_send_command

    class LabInventory:
        def load(self):
            hosts = Hosts({
                d["name"]: Host(
                    name=d["name"], hostname=d["host"], port=d["port"],
                    username=creds["username"], password=creds["password"], platform="cisco_ios",
                )
                for d in devices
            })
            return Inventory(hosts=hosts, groups=Groups(), defaults=Defaults())

    InventoryPluginRegister.register("LabInventory", LabInventory)
    nr = InitNornir(
        runner={"plugin": "threaded", "options": {"num_workers": PARALLEL}},
        inventory={"plugin": "LabInventory"},
        logging={"enabled": False},
    )

    def both(task):
        return [task.run(task=netmiko_send_command, command_string=c).result for c in COMMANDS]

    result = nr.run(task=both)
    out = {}
    for name, multi in result.items():
        out[name] = multi[0].exception if multi.failed else multi[0].result
        if multi.failed and out[name] is None:
            out[name] = next((r.exception for r in multi if r.exception), RuntimeError("failed"))
    return out


def run_scrapli():
    from scrapli import AuthOptions, Cli
    from scrapli.auth import LookupKeyValue
    from scrapli.transport import Ssh2Options

    async def one(d, sem):
        async with sem:
            cli = Cli(
                d["host"], port=d["port"], definition_file_or_name="cisco_iosxe",
                auth_options=AuthOptions(
                    username=creds["username"], password=creds["password"],
                    lookups=[LookupKeyValue(key="enable", value=creds.get("enablePassword") or "")],
                ),
                transport_options=Ssh2Options(),
            )
            async with cli as c:
                return [(await c.send_input_async(input_=cmd)).result for cmd in COMMANDS]

    async def main():
        sem = asyncio.Semaphore(PARALLEL)
        rs = await asyncio.gather(*(one(d, sem) for d in devices), return_exceptions=True)
        return {d["name"]: r for d, r in zip(devices, rs)}

    return asyncio.run(main())


results = {"netmiko": run_netmiko, "nornir": run_nornir, "scrapli": run_scrapli}[peer]()
errors = Counter(kind(r) for r in results.values() if isinstance(r, BaseException))
ok = [n for n, r in results.items() if not isinstance(r, BaseException)]
first_error = next((f"{n}: {r}" for n, r in results.items() if isinstance(r, BaseException)), None)
sample = results[ok[0]] if ok else None
print(json.dumps({
    "devices": len(devices), "ok": len(ok), "failed": len(devices) - len(ok),
    "errors": dict(errors), "first_error": first_error and first_error[:300],
    "sample": sample and [s[:80] for s in sample],
}))
