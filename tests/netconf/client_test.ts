import { deepStrictEqual, match, rejects, strictEqual } from "node:assert/strict";
import { isTriggerError } from "../../lib/errors.ts";
import { connectNetconf, type NetconfClient } from "../../lib/netconf/client.ts";
import { NETCONF_BASE_1_1 } from "../../lib/netconf/options.ts";
import { NetconfRpcError } from "../../lib/netconf/rpc_error.ts";
import { type Netconfd, settle, startNetconfd } from "../_servers/netconfd.ts";

async function open(srv: Netconfd, extra: { offerBase11?: boolean } = {}): Promise<NetconfClient> {
  const nc = await connectNetconf({ host: "nc1", address: "127.0.0.1", port: srv.port }, {
    username: srv.username,
    password: srv.password,
    knownHostsPath: srv.knownHostsPath,
    hostKeyPolicy: "strict",
    timeoutMs: 15000,
    ...extra,
  });
  await settle(nc);
  return nc;
}

Deno.test("NetconfClient against netconfd (yuma123)", async (t) => {
  const srv = await startNetconfd();
  if (!srv) {
    await t.step({ name: "needs root to create the test user", ignore: true, fn: () => {} });
    return;
  }
  await using _srv = srv;

  await t.step("hello: base:1.1 on both sides selects chunked framing", async () => {
    const nc = await open(srv);
    try {
      strictEqual(nc.serverCapabilities.includes(NETCONF_BASE_1_1), true);
      strictEqual(nc.framing, "chunked");
      match(nc.sessionId, /^\d+$/);
    } finally {
      await nc.close();
    }
  });

  await t.step("base:1.0 only: end-of-message framing still works", async () => {
    const nc = await open(srv, { offerBase11: false });
    try {
      strictEqual(nc.framing, "eom");
      const reply = await nc.getConfig({ source: "running" });
      strictEqual(reply.data !== undefined, true);
    } finally {
      await nc.close();
    }
  });

  const nc = await open(srv);
  try {
    await t.step("get with a subtree filter returns state data", async () => {
      const reply = await nc.get({
        filter: '<netconf-state xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring">' +
          "<sessions/></netconf-state>",
      });
      match(reply.xml, /<session-id>/);
      const state = reply.data?.["netconf-state"];
      strictEqual(typeof state, "object");
    });

    await t.step("get-config running", async () => {
      const reply = await nc.getConfig({ source: "running" });
      match(reply.xml, /<rpc-reply[^>]*message-id="\d+"/);
      strictEqual(typeof reply.data, "object");
    });

    await t.step("a bad edit-config raises NetconfRpcError with the error tag", async () => {
      await rejects(
        nc.editConfig('<no-such-node xmlns="urn:example:nothing">1</no-such-node>', {
          target: "candidate",
        }),
        (e) => {
          strictEqual(e instanceof NetconfRpcError, true);
          strictEqual(isTriggerError(e, "NETCONF_RPC_ERROR"), true);
          const err = e as NetconfRpcError;
          strictEqual(err.errorSeverity, "error");
          strictEqual(err.errorTag, "unknown-namespace");
          strictEqual(err.errorMessage, "unknown namespace");
          strictEqual(err.errorType.length > 0, true);
          strictEqual(err.host, "nc1");
          match(err.reply, /<rpc-error[\s>]/);
          return true;
        },
      );
    });

    await t.step("lock, lock from a second session is denied, unlock", async () => {
      strictEqual((await nc.lock("candidate")).ok, true);
      const other = await open(srv);
      try {
        await rejects(
          other.lock("candidate"),
          (e) => e instanceof NetconfRpcError && e.errorTag === "lock-denied",
        );
      } finally {
        await other.close();
      }
      strictEqual((await nc.unlock("candidate")).ok, true);
    });

    await t.step("edit-config, confirmed commit, confirming commit, discard-changes", async () => {
      const config = '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system">' +
        "<hostname>trigger-test</hostname></system>";
      strictEqual((await nc.editConfig(config, { target: "candidate" })).ok, true);
      strictEqual((await nc.commit({ confirmed: true, confirmTimeout: 60 })).ok, true);
      strictEqual((await nc.commit()).ok, true); // confirms
      const running = await nc.getConfig({
        filter: '<system xmlns="urn:ietf:params:xml:ns:yang:ietf-system"><hostname/></system>',
      });
      match(running.xml, /trigger-test/);
      strictEqual((await nc.discardChanges()).ok, true);
    });

    await t.step("two concurrent RPCs are matched by message-id", async () => {
      const [a, b] = await Promise.all([
        nc.getConfig({ source: "running" }),
        nc.get({
          filter: '<netconf-state xmlns="urn:ietf:params:xml:ns:yang:ietf-netconf-monitoring">' +
            "<capabilities/></netconf-state>",
        }),
      ]);
      strictEqual(Number(b.messageId), Number(a.messageId) + 1);
      match(b.xml, /<capability>/);
      strictEqual(/<capabilities>/.test(a.xml), false);
    });

    await t.step("an unknown operation is an rpc-error, not a hang", async () => {
      await rejects(nc.rpc("<get-software-information/>"), NetconfRpcError);
    });
  } finally {
    await nc.close();
    await nc.close(); // twice is safe
  }
  await t.step("RPCs after close fail with TRANSPORT_CLOSED", async () => {
    await rejects(nc.getConfig(), (e) => isTriggerError(e, "TRANSPORT_CLOSED"));
  });

  await t.step("wrong password is AUTH_FAILED", async () => {
    await rejects(
      connectNetconf({ host: "nc1", address: "127.0.0.1", port: srv.port }, {
        username: srv.username,
        password: "wrong",
        knownHostsPath: srv.knownHostsPath,
      }),
      (e) => isTriggerError(e, "AUTH_FAILED"),
    );
  });

  await t.step("unknown host key under strict policy is HOSTKEY_UNKNOWN", async () => {
    const empty = await Deno.makeTempFile();
    try {
      await rejects(
        connectNetconf({ host: "nc1", address: "127.0.0.1", port: srv.port }, {
          username: srv.username,
          password: srv.password,
          knownHostsPath: empty,
          hostKeyPolicy: "strict",
        }),
        (e) => isTriggerError(e, "HOSTKEY_UNKNOWN"),
      );
    } finally {
      await Deno.remove(empty);
    }
  });
  deepStrictEqual(typeof srv.port, "number");
});
