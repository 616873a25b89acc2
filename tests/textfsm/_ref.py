"""Reference runner: Debian's python3-textfsm over a batch of jobs.

Reads a JSON list of jobs on stdin, writes a JSON list of answers:
  {"template": str, "input": str}                      -> TextFSM.ParseText
  {"index": dir, "file": name, "attributes": {..}, "input": str} -> CliTable.ParseCmd
  {"regex": str, "subjects": [str]}                     -> re.match of each subject
Each answer is {"ok": true, ...} or {"ok": false, "kind": <exception class>, "message": str}.
"""
import io
import json
import re
import sys

import textfsm
from textfsm import clitable


def run(job):
    try:
        if "template" in job:
            fsm = textfsm.TextFSM(io.StringIO(job["template"], newline=None))
            rows = fsm.ParseText(job["input"], eof=job.get("eof", True))
            return {"ok": True, "header": fsm.header, "rows": rows}
        if "index" in job:
            table = clitable.CliTable(job["file"], job["index"])
            table.ParseCmd(job["input"], attributes=job["attributes"])
            rows = [list(row.values) for row in table]
            return {"ok": True, "header": list(table.header), "rows": rows,
                    "superkey": table.superkey}
        pattern = re.compile(job["regex"])
        out = []
        for s in job["subjects"]:
            m = pattern.match(s)
            out.append(None if m is None else [m.group(0), m.groupdict()])
        return {"ok": True, "matches": out}
    except Exception as e:  # the kind is what the differential test compares
        return {"ok": False, "kind": type(e).__name__, "message": str(e)}


jobs = json.load(sys.stdin)
json.dump([run(j) for j in jobs], sys.stdout, ensure_ascii=False)
