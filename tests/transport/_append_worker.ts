/** Test helper process: records `count` keys named `prefix-N` into a known_hosts file. */
import { appendKnownHost } from "../../lib/transport/known_hosts.ts";

const [path, prefix, count] = Deno.args;
const KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";
await Promise.all(
  Array.from(
    { length: Number(count) },
    (_, i) => appendKnownHost(path!, `${prefix}-${i}`, 22, "ssh-ed25519", KEY),
  ),
);
