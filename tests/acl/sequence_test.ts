/**
 * IOS-family lists as the device keeps them, through the commands: entries
 * in sequence-number order whatever order the file gives them in (a change
 * file inserting `15 deny ...` between 10 and 20), a number used twice is an
 * error with its position, and a list whose number or name comes again is
 * continued (numbered lines of two lists interleaved). Before, `check-access`
 * answered from the file's order (PERMITTED where the device denies) and the
 * interleaved lists were read as separate lists of one name.
 */
import { deepStrictEqual, match, strictEqual } from "node:assert/strict";
import { trigger } from "../cli/_lab_dir.ts";
import { parseAll } from "../../lib/acl/mod.ts";

async function file(text: string): Promise<string> {
  const path = await Deno.makeTempFile({ suffix: ".acl" });
  await Deno.writeTextFile(path, text);
  return path;
}

const INSERTED = "ip access-list extended EDGE\n" +
  " 10 permit tcp any host 192.0.2.10 eq 443\n" +
  " 20 permit tcp any any eq 22\n" +
  " 15 deny tcp 198.51.100.0 0.0.0.255 any eq 22\n";

Deno.test("check-access answers as the device orders the entries (by sequence number)", async () => {
  const path = await file(INSERTED);
  try {
    const r = await trigger({}, ["check-access", path, "198.51.100.7", "10.0.0.1", "tcp", "22"]);
    strictEqual(r.code, 1, r.out + r.err);
    match(r.out, /^DENIED by term #2 at line 4/);
    const other = await trigger({}, ["check-access", path, "203.0.113.7", "10.0.0.1", "tcp", "22"]);
    strictEqual(other.code, 0, other.out + other.err);
    match(other.out, /^PERMITTED by term #3 at line 3/);
    // converted in that order, each entry with its number
    const ios = await trigger({}, ["aclconv", "--to", "ios-named", path]);
    strictEqual(ios.code, 0, ios.err);
    deepStrictEqual(ios.out.split("\n").slice(1, 4).map((l) => l.trim().split(" ")[0]), [
      "10",
      "15",
      "20",
    ]);
    const junos = await trigger({}, ["aclconv", "--to", "junos", path]);
    strictEqual(junos.code, 0, junos.err);
    strictEqual(
      junos.out.indexOf("198.51.100.0/24") < junos.out.indexOf("destination-port 22"),
      true,
    );
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("a sequence number used twice is an error at the second entry", async () => {
  const path = await file(INSERTED + " 10 deny ip any any\n");
  try {
    const r = await trigger({}, ["check-syntax", path]);
    strictEqual(r.code, 1, r.out + r.err);
    match(
      r.out + r.err,
      new RegExp(`${path}:5:2: sequence number 10 is used twice in access list EDGE`),
    );
  } finally {
    await Deno.remove(path);
  }
});

Deno.test("numbered lines of two lists interleaved make two lists, each whole", async () => {
  const text = "access-list 100 permit tcp any any eq 22\n" +
    "access-list 101 permit tcp any any eq 23\n" +
    "access-list 100 deny tcp any any eq 25\n" +
    "access-list 100 permit ip any any\n";
  deepStrictEqual(parseAll(text).map((a) => [a.name, a.terms.map((t) => t.span.line)]), [
    ["100", [1, 3, 4]],
    ["101", [2]],
  ]);
  const path = await file(text);
  try {
    const r = await trigger({}, [
      "check-access",
      "--name",
      "100",
      path,
      "10.0.0.1",
      "10.0.0.2",
      "tcp",
      "25",
    ]);
    strictEqual(r.code, 1, r.out + r.err);
    match(r.out, /^DENIED by term #2 at line 3 of filter "100"/);
    const s = await trigger({}, ["check-syntax", path]);
    match(s.out, /OK \(2 filters, 4 terms/);
  } finally {
    await Deno.remove(path);
  }
});
