"""The original Trigger's `check_access` over a file of flows, as `trigger
check-access --flows` does (bench/acl_whole_process.ts runs both on the same
files): parse the ACL once with `trigger.acl.parser.parse`, then for each JSON
flow line build the query term as its `check_access` script does and print
whether it is permitted.

Usage: python acl_whole_process_original.py ACL_FILE FLOWS.jsonl
"""

import json
import sys

from trigger.acl.parser import TIP, Protocol, parse
from trigger.acl.tools import check_access, create_trigger_term


def main():
    acl_file, flows_file = sys.argv[1], sys.argv[2]
    with open(acl_file) as fh:
        acl = parse(fh)
    out = []
    with open(flows_file) as fh:
        for line in fh:
            flow = json.loads(line)
            dport = flow.get("dport")
            term = create_trigger_term(
                source_ips=[TIP(flow["src"])],
                dest_ips=[TIP(flow["dst"])],
                source_ports=[],
                dest_ports=[dport] if dport is not None else [],
                protocols=[Protocol(flow["protocol"])],
                name="sr_____",
            )
            out.append(json.dumps({"permitted": bool(check_access(acl.terms, term, quiet=True))}))
    sys.stdout.write("\n".join(out) + "\n")


if __name__ == "__main__":
    main()
