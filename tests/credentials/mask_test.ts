import { ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { maskSecrets } from "../../lib/credentials/mask.ts";

const NOISE = [
  "\r\n",
  "\n",
  "\r",
  "\x1b[31m",
  "\x1b[0m",
  "\x1b[1;32m",
  "\x1b]0;t\x07",
  "z\b",
  "\b*",
];

Deno.test("maskSecrets() hides a secret broken up by any mix of line breaks, colours and backspaces", () => {
  fc.assert(
    fc.property(
      fc.stringMatching(/^[A-Za-y0-9!]{6,24}$/),
      fc.array(fc.nat(), { maxLength: 6 }),
      fc.array(fc.constantFrom(...NOISE), { minLength: 1, maxLength: 6 }),
      fc.stringMatching(/^[ #%.:]{0,10}$/),
      (secret, cuts, noise, around) => {
        let text = "";
        const at = new Set(cuts.map((c) => 1 + (c % (secret.length - 1))));
        [...secret].forEach((ch, i) => {
          if (at.has(i)) text += noise[i % noise.length];
          text += ch;
        });
        const masked = maskSecrets(`${around}${text}${around}`, [secret]);
        for (let i = 0; i + 4 <= secret.length; i++) {
          ok(
            !masked.includes(secret.slice(i, i + 4)),
            `${JSON.stringify(masked)} shows part of ${secret}`,
          );
        }
        strictEqual(masked, `${around}***${around}`);
      },
    ),
    { numRuns: 500 },
  );
});

Deno.test("maskSecrets() leaves other text alone and masks every occurrence", () => {
  strictEqual(
    maskSecrets("show run\r\nhostname r1\r\n", ["Sup3rSecret"]),
    "show run\r\nhostname r1\r\n",
  );
  strictEqual(maskSecrets("a Sup3r\r\nSecret b Sup3rSecret c", ["Sup3rSecret"]), "a *** b *** c");
  strictEqual(maskSecrets("pw", ["", undefined]), "pw");
  strictEqual(maskSecrets("x hunter2 y", ["hunter2"], "<redacted>"), "x <redacted> y");
  // a colour code ending in the secret's first character: the whole echo goes
  strictEqual(maskSecrets("m\x1b[0m0a0A0A", ["m0a0A0A"]), "***");
});
