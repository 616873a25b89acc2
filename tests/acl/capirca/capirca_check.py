"""Renders tests/acl/capirca/policies with capirca's aclgen into OUTDIR, then
answers each flow read from stdin (a JSON list of {src, dst, protocol, sport,
dport}) with capirca's own aclcheck. Prints a JSON list of
{"action": "accept"|"deny"|"reject"|null, "term": name|null, "possible": bool}.

Usage: python3 capirca_check.py HERE OUTDIR < flows.json
"""
import json
import os
import subprocess
import sys

from capirca.lib import aclcheck, naming, policy


def main():
    here, outdir = sys.argv[1], sys.argv[2]
    subprocess.run(
        [sys.executable, "-c", "from capirca.aclgen import EntryPoint; EntryPoint()",
         "--base_directory=" + os.path.join(here, "policies"),
         "--definitions_directory=" + os.path.join(here, "def"),
         "--output_directory=" + outdir],
        check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    defs = naming.Naming(os.path.join(here, "def"))
    with open(os.path.join(here, "policies", "pol", "edge.pol")) as f:
        pol = policy.ParsePolicy(f.read(), defs, optimize=False)
    answers = []
    for flow in json.load(sys.stdin):
        check = aclcheck.AclCheck(
            pol,
            src=flow["src"], dst=flow["dst"],
            sport=str(flow.get("sport", "any")), dport=str(flow.get("dport", "any")),
            proto=flow.get("protocol", "any"))
        exact = check.ExactMatches()
        possible = any(m.possibles for m in check.Matches())
        if exact:
            answers.append({"action": exact[0].action, "term": exact[0].term,
                            "possible": possible})
        else:
            answers.append({"action": None, "term": None, "possible": possible})
    json.dump(answers, sys.stdout)


if __name__ == "__main__":
    main()
