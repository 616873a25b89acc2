import { TextFsm } from "../lib/textfsm/mod.ts";
import { showInterfaces, TEMPLATE_PATH } from "./_textfsm_data.ts";

const fsm = TextFsm.parse(await Deno.readTextFile(TEMPLATE_PATH));
const small = showInterfaces(100);
const large = showInterfaces(10_000);

Deno.bench("TextFsm.parseText show interfaces, 100 interfaces", () => {
  fsm.parseText(small);
});

Deno.bench("TextFsm.parseText show interfaces, 10k interfaces", { n: 5 }, () => {
  fsm.parseText(large);
});

Deno.bench("TextFsm.parse (template compile)", async (b) => {
  const text = await Deno.readTextFile(TEMPLATE_PATH);
  b.start();
  TextFsm.parse(text);
  b.end();
});
