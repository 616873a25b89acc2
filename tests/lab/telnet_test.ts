/** A raw Telnet client over node:net against the lab's Telnet emulator. */
import { ok, strictEqual } from "node:assert/strict";
import { connect, type Socket } from "node:net";
import { startLab } from "../../lib/lab/mod.ts";

class Raw {
  bytes: number[] = [];
  text = "";
  closed = false;
  constructor(readonly sock: Socket) {
    sock.on("data", (d: Uint8Array) => {
      for (const b of d) this.bytes.push(b);
      this.text += new TextDecoder().decode(d.filter((b) => b < 128));
    });
    sock.on("close", () => this.closed = true);
  }
  async waitFor(re: RegExp, ms = 10_000): Promise<void> {
    const end = Date.now() + ms;
    while (!re.test(this.text)) {
      if (this.closed || Date.now() > end) {
        throw new Error(`no ${re} in ${JSON.stringify(this.text)}`);
      }
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  send(s: string): void {
    this.sock.write(s);
  }
}

function open(port: number): Promise<Raw> {
  return new Promise((resolve, reject) => {
    const s = connect({ host: "127.0.0.1", port }, () => resolve(new Raw(s)));
    s.on("error", reject);
  });
}

Deno.test("Telnet emulator negotiates options, logs in with Username/Password, runs commands", async () => {
  await using lab = await startLab({ devices: [{ platform: "cisco_ios", name: "tel1" }] });
  const { username, password, enablePassword } = lab.credentials;
  const c = await open(lab.devices[0]!.ports.telnet);
  try {
    await c.waitFor(/Username: $/);
    // IAC WILL ECHO, IAC WILL SGA, IAC DO TTYPE, IAC DO NAWS
    strictEqual(c.bytes.slice(0, 12).join(","), "255,251,1,255,251,3,255,253,24,255,253,31");
    c.send(`${username}\r\n`);
    await c.waitFor(/Password: $/);
    c.send(`${password}\r\0`);
    await c.waitFor(/tel1>$/);
    c.send("enable\r\n");
    await c.waitFor(/Password: $/);
    c.send(`${enablePassword}\r\n`);
    await c.waitFor(/tel1#$/);
    c.send("show clock\r\n");
    await c.waitFor(/UTC \w{3} \w{3} \d+ \d{4}\r\ntel1#$/);
    c.send("exit\r\n");
    await c.waitFor(/exit/);
    const end = Date.now() + 5000;
    while (!c.closed && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
    ok(c.closed, "exit closes the connection");
  } finally {
    c.sock.destroy();
  }
});

Deno.test("Telnet emulator rejects a bad password with the vendor's wording", async () => {
  await using lab = await startLab({ devices: [{ platform: "juniper_junos", name: "tel2" }] });
  const c = await open(lab.devices[0]!.ports.telnet);
  try {
    await c.waitFor(/login: $/);
    c.send("lab\r\n");
    await c.waitFor(/Password:$/);
    c.send("nope\r\n");
    await c.waitFor(/Login incorrect\r\n/);
  } finally {
    c.sock.destroy();
  }
});
