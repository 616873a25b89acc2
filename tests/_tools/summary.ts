/**
 * Prints the `N passed, N failed` line CI reads, from a `deno test
 * --junit-path` report plus any `cargo test` logs given after it.
 *
 * Usage: deno run -A tests/_tools/summary.ts JUNIT.xml [CARGO.log ...]
 *
 * @module
 */
// deno-lint-ignore-file no-console

const [junitPath, ...cargoLogs] = Deno.args;
let passed = 0;
let failed = 0;
let skipped = 0;

if (junitPath) {
  let xml = "";
  try {
    xml = await Deno.readTextFile(junitPath);
  } catch {
    failed += 1; // no report at all: the test run itself broke
  }
  for (const m of xml.matchAll(/<testcase\b[^>]*?(\/>|>([\s\S]*?)<\/testcase>)/g)) {
    const body = m[2] ?? "";
    if (/<failure\b|<error\b/.test(body)) failed += 1;
    else if (/<skipped\b/.test(body)) skipped += 1;
    else passed += 1;
  }
}
for (const log of cargoLogs) {
  let text = "";
  try {
    text = await Deno.readTextFile(log);
  } catch {
    failed += 1;
    continue;
  }
  for (const m of text.matchAll(/test result: \w+\. (\d+) passed; (\d+) failed; (\d+) ignored/g)) {
    passed += Number(m[1]);
    failed += Number(m[2]);
    skipped += Number(m[3]);
  }
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
