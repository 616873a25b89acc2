/**
 * The web page of `trigger serve` in headless Chromium (Debian's chromium,
 * driven by playwright-core): sign in with a token, run a job and watch its
 * progress bar move, open a device's raw and parsed results, check a flow
 * against an ACL (the deciding line highlighted), search devices.
 * Screenshots go to the test output directory (`$TRIGGER_TEST_OUTPUT`, default
 * `.tmp/test-output/web/`), never into the repository.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { chromium } from "playwright-core";
import { labDir } from "../cli/_lab_dir.ts";
import { serve, tokenFile, TOKENS } from "./_serve.ts";

const CHROMIUM = "/usr/bin/chromium";
const OUT = Deno.env.get("TRIGGER_TEST_OUTPUT") ??
  new URL("../../.tmp/test-output/web/", import.meta.url).pathname;
const present = await Deno.stat(CHROMIUM).then(() => true, () => false);

Deno.test({
  name: "web page: live job progress, raw and parsed results, ACL checker, device search",
  ignore: !present,
  fn: async () => {
    await Deno.mkdir(OUT, { recursive: true });
    // slow devices, one at a time: the progress bar has time to show every step
    await using l = await labDir({
      devices: 3,
      vendors: ["cisco_ios", "juniper_junos", "cisco_ios"],
      faults: "slowOutput=2500@3",
    });
    const names = l.lab.devices.map((d) => d.name);
    const { url, proc } = await serve({ ...l.env, COMMANDO_MAX_CONNS: "1" }, [
      "--tokens",
      await tokenFile(l.dir),
    ]);
    await using _p = proc;
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"],
    });
    try {
      const page = await browser.newPage();
      await page.goto(url);
      await page.fill("#token", TOKENS.runner);
      await page.click("#login button");
      await page.waitForSelector("#job-name option[value=show_version]", { state: "attached" });
      await page.selectOption("#job-name", "show_version");
      await page.fill("#job-devices", names.join(" "));
      await page.click("#submit button");
      await page.waitForSelector("#job-list tbody tr.job");
      // sample the progress bar until the job ends: it must pass through the steps between
      const values = new Set<number>();
      for (let i = 0; i < 1200; i++) {
        const v = await page.$eval(
          "#job-list tbody tr.job progress",
          (p) => (p as unknown as { value: number }).value,
        );
        values.add(v);
        if (i === 5) await page.screenshot({ path: `${OUT}/job-running.png`, fullPage: true });
        if ((await page.textContent("#job-list tbody tr.job .status")) === "done") break;
        await new Promise((r) => setTimeout(r, 100));
      }
      strictEqual(await page.textContent("#job-list tbody tr.job .status"), "done");
      ok([...values].some((v) => v > 0 && v < 3), `the bar moved live: saw ${[...values].sort()}`);
      strictEqual(
        await page.$eval(
          "#job-list tbody tr.job progress",
          (p) => (p as unknown as { value: number }).value,
        ),
        3,
      );
      // results arrived live in the detail pane; open the IOS device
      await page.waitForSelector(`details[data-device="${names[0]}"]`);
      await page.click(`details[data-device="${names[0]}"] summary`);
      match(
        await page.textContent(`details[data-device="${names[0]}"] pre.raw`) ?? "",
        /Cisco IOS Software/,
      );
      match(
        await page.textContent(`details[data-device="${names[0]}"] pre.parsed`) ?? "",
        /"VERSION"/,
      );
      await page.screenshot({ path: `${OUT}/job-results.png`, fullPage: true });

      await page.click("nav button[data-tab=acl]");
      await page.fill(
        "#acl-text",
        "ip access-list extended web\n permit tcp any host 192.0.2.10 eq 443\n deny ip any any",
      );
      await page.fill("#flow-src", "10.0.0.1");
      await page.fill("#flow-dst", "192.0.2.10");
      await page.fill("#flow-dport", "22");
      await page.click("#acl-form button");
      await page.waitForSelector("#acl-lines li.decides");
      strictEqual((await page.textContent("#acl-lines li.decides"))?.trim(), "deny ip any any");
      match(await page.textContent("#acl-verdict") ?? "", /DENIED by line 3/);
      await page.screenshot({ path: `${OUT}/acl-checker.png`, fullPage: true });

      await page.click("nav button[data-tab=devices]");
      await page.fill("#device-q", "junos");
      await page.click("#device-form button");
      await page.waitForSelector("#device-list tbody tr");
      deepStrictEqual(
        await page.$$eval(
          "#device-list tbody tr td:first-child",
          (tds) => tds.map((t) => t.textContent),
        ),
        [names[1]],
      );
      await page.screenshot({ path: `${OUT}/device-search.png`, fullPage: true });
    } finally {
      await browser.close();
    }
  },
});
