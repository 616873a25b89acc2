/**
 * Connecting can be cancelled: an AbortSignal closes a connection stuck in
 * the handshake (lab fault `hang: "connect"`) or waiting for a shell at once,
 * instead of holding it until the login timeout. The test sanitizers check
 * that nothing (socket, timer) is left behind.
 */
import { rejects, strictEqual } from "node:assert/strict";
import { createServer, type Socket } from "node:net";
import { labInventory, startLab } from "../../lib/lab/mod.ts";
import { connectSsh, openSshConnection } from "../../lib/transport/mod.ts";
import { Commando, deviceExecutor, type ExecutorTarget } from "../../lib/commando/mod.ts";
import { NetDevices } from "../../lib/netdevices/mod.ts";
import { TriggerError } from "../../lib/errors.ts";

const isCode = (code: string) => (e: unknown) => e instanceof TriggerError && e.code === code;

Deno.test("SSH connect honours an AbortSignal", async (t) => {
  await using lab = await startLab({
    devices: [
      { platform: "cisco_ios", name: "hang", faults: { hang: "connect" } },
      { platform: "cisco_ios", name: "ok1" },
    ],
    telnet: false,
  });
  const dir = await Deno.makeTempDir({ prefix: "ssh-cancel-" });
  await Deno.writeTextFile(`${dir}/known_hosts`, lab.knownHosts());
  const { username, password } = lab.credentials;
  const target = (name: string) => ({
    host: name,
    address: "127.0.0.1",
    port: lab.device(name).ports.ssh,
  });
  const options = { username, password, knownHostsPath: `${dir}/known_hosts`, agent: "" };

  await t.step("aborting during a handshake that never ends rejects with CANCELLED", async () => {
    const ac = new AbortController();
    const p = openSshConnection(target("hang"), {
      ...options,
      loginTimeoutMs: 60_000,
      signal: ac.signal,
    });
    setTimeout(() => ac.abort(new Error("job timeout")), 100);
    await rejects(p, (e: unknown) => {
      strictEqual((e as TriggerError).code, "CANCELLED");
      strictEqual((e as TriggerError).host, "hang");
      return true;
    });
  });

  await t.step("an already aborted signal never connects", async () => {
    const ac = new AbortController();
    ac.abort();
    await rejects(
      connectSsh(target("ok1"), { ...options, signal: ac.signal }),
      isCode("CANCELLED"),
    );
  });

  await t.step("a signal that is not aborted changes nothing", async () => {
    const ac = new AbortController();
    const shell = await connectSsh(target("ok1"), { ...options, signal: ac.signal });
    await shell.close();
    ac.abort(); // after connecting: no effect, nothing to close
  });

  await t.step("a Commando job timeout closes a connection stuck mid-handshake", async () => {
    // a server that accepts and never speaks (as the lab's hang fault), whose
    // side of the connection tells when the client let go
    const open = new Set<Socket>();
    let closed: () => void = () => {};
    const allClosed = new Promise<void>((r) => closed = r);
    const server = createServer((sock) => {
      open.add(sock);
      sock.on("error", () => {});
      sock.resume(); // read, so that the client's FIN is seen
      sock.on("close", () => {
        open.delete(sock);
        if (open.size === 0) closed();
      });
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
    const port = (server.address() as { port: number }).port;
    const devices = NetDevices.fromRecords(
      labInventory(lab).map((r) => ({ ...r, nodePort: String(port) })),
    ).all();
    const job = new Commando<ExecutorTarget>({
      devices: devices.filter((d) => d.nodeName === "hang"),
      commands: ["show clock"],
      timeoutMs: 200,
      retries: 0,
      executor: deviceExecutor({
        knownHostsPath: `${dir}/known_hosts`,
        loginTimeoutMs: 60_000,
        credentials: () => Promise.resolve({ username, password }),
      }),
    });
    const { errors } = await job.run();
    strictEqual(errors.hang?.code, "TIMEOUT");
    // the executor's connection is closed now, not after the 60 s login timeout
    let timer: ReturnType<typeof setTimeout> | undefined;
    const verdict = await Promise.race([
      allClosed.then(() => "closed"),
      new Promise((r) => timer = setTimeout(() => r("still open"), 10_000)),
    ]);
    clearTimeout(timer);
    strictEqual(verdict, "closed");
    for (const s of open) s.destroy();
    await new Promise((r) => server.close(r));
  });
  await Deno.remove(dir, { recursive: true });
});
