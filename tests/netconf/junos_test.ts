import { match, rejects, strictEqual } from "node:assert/strict";
import { connectNetconf } from "../../lib/netconf/client.ts";
import { commitConfiguration, junosCommand, loadConfiguration } from "../../lib/netconf/junos.ts";
import { NetconfRpcError } from "../../lib/netconf/rpc_error.ts";
import { startJunosNetconf } from "../_servers/junos_netconf.ts";

Deno.test("Junos helpers over an in-process base:1.0 NETCONF server", async (t) => {
  await using srv = await startJunosNetconf();
  const dir = await Deno.makeTempDir();
  const nc = await connectNetconf({ host: "vmx1", address: "127.0.0.1", port: srv.port }, {
    username: "lab",
    password: "lab123",
    hostKeyPolicy: "accept-new",
    knownHostsPath: `${dir}/known_hosts`,
  });
  try {
    await t.step("base:1.0 only: end-of-message framing, session id read", () => {
      strictEqual(nc.framing, "eom");
      strictEqual(nc.sessionId, "4242");
    });
    await t.step("accept-new recorded the host key", async () => {
      match(await Deno.readTextFile(`${dir}/known_hosts`), /^\[127\.0\.0\.1\]:\d+ ssh-rsa /);
    });
    await t.step("junosCommand() returns the CLI text", async () => {
      const text = await junosCommand(nc, "show version");
      strictEqual(text, "\nHostname: vmx1\nModel: vmx\nJunos: 21.4R1.12\n");
      match(srv.requests.at(-1)!, /<command format="text">show version<\/command>/);
    });
    await t.step("rpc() with a Junos RPC returns parsed objects", async () => {
      const r = await nc.rpc("<get-software-information/>");
      const info = r.body["software-information"] as Record<string, string>;
      strictEqual(info["host-name"], "vmx1");
    });
    await t.step("load-configuration, then confirmed commit-configuration", async () => {
      const load = await loadConfiguration(nc, "system { host-name vmx1; }", { action: "replace" });
      strictEqual(typeof load.body["load-configuration-results"], "object");
      const commit = await commitConfiguration(nc, { confirmed: true, confirmTimeout: 5 });
      match(commit.xml, /<commit-success\/>/);
      match(srv.requests.at(-1)!, /<confirmed\/><confirm-timeout>5<\/confirm-timeout>/);
    });
    await t.step("an rpc-error nested in load-configuration-results is raised", async () => {
      await rejects(loadConfiguration(nc, "bogus {"), (e) => {
        strictEqual(e instanceof NetconfRpcError, true);
        strictEqual((e as NetconfRpcError).errorMessage, "syntax error");
        return true;
      });
    });
    await t.step("replies in reverse order still reach their requests", async () => {
      srv.holdReplies(2);
      const [a, b] = await Promise.all([
        junosCommand(nc, "show version"),
        nc.rpc("<get-software-information/>"),
      ]);
      match(a, /Hostname: vmx1/);
      match(b.xml, /<software-information>/);
    });
  } finally {
    await nc.close();
    await Deno.remove(dir, { recursive: true });
  }
});
