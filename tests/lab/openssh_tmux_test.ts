/**
 * OpenSSH's `ssh` (password via sshpass), driven in tmux like a person at a
 * terminal, against the lab's SSH emulators.
 */
import { ok } from "node:assert/strict";
import { startLab } from "../../lib/lab/mod.ts";
import { Tmux } from "../cli/_tmux.ts";

const CASES = [
  {
    platform: "cisco_ios",
    user: />$/m,
    more: /--More--/,
    enable: true,
    invalid: /% Invalid input detected at '\^' marker\./,
    show: "show version",
    tail: /Configuration register is 0x2102/,
  },
  {
    platform: "arista_eos",
    user: />$/m,
    more: /--More--/,
    enable: true,
    invalid: /% Invalid input/,
    show: "show interfaces",
    tail: /Ethernet3 is up/,
  },
  {
    platform: "juniper_junos",
    user: />\s*$/m,
    more: /---\(more \d+%\)---/,
    enable: false,
    invalid: /syntax error, expecting <command>\./,
    show: "show version",
    tail: /FIPS mode utilities/,
  },
];

Deno.test("OpenSSH ssh in tmux logs into lab devices, pages, enables, errors and exits", async (t) => {
  await using lab = await startLab({ devices: CASES.map((c) => ({ platform: c.platform })) });
  const dir = await Deno.makeTempDir({ prefix: "lab-tmux-" });
  const known = `${dir}/known_hosts`;
  await Deno.writeTextFile(known, lab.knownHosts());
  const { username, password, enablePassword } = lab.credentials;
  try {
    for (const [i, c] of CASES.entries()) {
      await t.step(c.platform, async () => {
        const d = lab.devices[i]!;
        await using tmux = await Tmux.start(
          `sshpass -p '${password}' ssh -o StrictHostKeyChecking=yes -o UserKnownHostsFile=${known} ` +
            `-o PubkeyAuthentication=no -p ${d.ports.ssh} ${username}@127.0.0.1`,
        );
        await tmux.waitFor(c.user);
        await tmux.keys(c.show, "Enter");
        await tmux.waitFor(c.more);
        const prompt = new RegExp(`${d.name}>\\s*$`);
        for (let k = 0; k < 8; k++) {
          const s = (await tmux.screen()).trimEnd();
          if (prompt.test(s)) break;
          await tmux.keys("Space");
          await new Promise((r) => setTimeout(r, 300));
        }
        await tmux.waitFor(c.tail);
        if (c.enable) {
          await tmux.keys("enable", "Enter");
          await tmux.waitFor(/Password: ?$/m);
          await tmux.keys(enablePassword, "Enter");
          await tmux.waitFor(new RegExp(`${d.name}#$`, "m"));
        }
        await tmux.keys("show bogus", "Enter");
        await tmux.waitFor(c.invalid);
        await tmux.keys("exit", "Enter");
        const s = await tmux.waitFor(/Connection to 127\.0\.0\.1 closed/);
        ok(s.includes(d.name));
      });
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
