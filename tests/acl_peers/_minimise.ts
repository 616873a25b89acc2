/**
 * Shrinks a disagreement between our engine and Capirca's `aclcheck` (a
 * wrong verdict, or a rendering the engine refuses) to the smallest policy
 * that still shows it, for one flow and one target: drop
 * terms, then each term's fields and list entries, then definitions and their
 * entries, re-rendering with Capirca after every step.
 */
import {
  type CapircaPeer,
  ourVerdicts,
  type PeerCase,
  type PeerFlow,
  type PeerPolicy,
  type PeerTerm,
  type Verdict,
} from "./_capirca_peer.ts";

/** What a disagreement is, after shrinking. */
export interface Disagreement {
  target: string;
  flow: PeerFlow;
  /** Our verdict, or why the engine refused the rendering. */
  ours: boolean | null | string;
  theirs: string | null;
  /** Our deciding term (where the rendering keeps the policy's term names). */
  term: string | null;
  theirsTerm: string | null;
  source: string;
  rendering: string;
}

/** Our verdict on one flow of a case, the engine's refusal, or `undefined` when not rendered. */
function ours(
  c: PeerCase,
  target: string,
  flow: PeerFlow,
  options: { dialect: string | undefined; rewrite: (text: string) => string },
): Verdict | string | undefined {
  const text = c.renderings[target];
  if (typeof text !== "string") return undefined;
  try {
    return ourVerdicts(options.rewrite(text), [flow], { dialect: options.dialect })[0]!;
  } catch (e) {
    return `refused: ${(e as Error).message.split("\n")[0]}`;
  }
}

/** Whether a case still shows the defect: a wrong verdict, or a refusal. */
function shows(
  c: PeerCase,
  target: string,
  flow: PeerFlow,
  options: {
    kind: Kind;
    terms: boolean;
    dialect: string | undefined;
    rewrite: (text: string) => string;
  },
): boolean {
  const { kind, terms } = options;
  const v = ours(c, target, flow, options);
  if (v === undefined) return false;
  if (typeof v === "string") return kind === "refused";
  const a = c.answers[0]!;
  return kind === "wrong" &&
    (v.permitted !== (a.action === "accept") || (terms && v.term !== a.term));
}

/** What is shrunk: a wrong verdict, or the engine refusing the rendering. */
export type Kind = "wrong" | "refused";

const LIST_FIELDS = [
  "src",
  "srcExclude",
  "dst",
  "dstExclude",
  "sport",
  "dport",
  "protocol",
  "icmpType",
] as const;

function* smaller(p: PeerPolicy): Generator<PeerPolicy> {
  // Excludes stay strictly inside their address lists: leave those definitions whole
  const whole = new Set(
    p.terms.flatMap((t) => [
      ...(t.srcExclude.length ? [...t.src, ...t.srcExclude] : []),
      ...(t.dstExclude.length ? [...t.dst, ...t.dstExclude] : []),
    ]),
  );
  const used = new Set(
    p.terms.flatMap((
      t,
    ) => [...t.src, ...t.srcExclude, ...t.dst, ...t.dstExclude, ...t.sport, ...t.dport]),
  );
  for (const kind of ["networks", "services"] as const) {
    for (const [name, entries] of Object.entries(p[kind])) {
      if (!used.has(name)) {
        const { [name]: _, ...rest } = p[kind];
        yield { ...p, [kind]: rest };
        continue;
      }
      if (entries.length < 2 || whole.has(name)) continue;
      for (let k = 0; k < entries.length; k++) {
        yield { ...p, [kind]: { ...p[kind], [name]: entries.filter((_, j) => j !== k) } };
      }
    }
  }
  const with_ = (terms: PeerTerm[]): PeerPolicy => ({ ...p, terms });
  for (let i = 0; i < p.terms.length; i++) {
    yield with_(p.terms.filter((_, k) => k !== i));
  }
  for (let i = 0; i < p.terms.length; i++) {
    const t = p.terms[i]!;
    const put = (nt: PeerTerm) => with_(p.terms.map((x, k) => k === i ? nt : x));
    for (const f of LIST_FIELDS) {
      if (t[f].length === 0) continue;
      // an exclude goes with its address list (Capirca ignores an exclude alone)
      if (f === "src" || f === "dst") yield put({ ...t, [f]: [], [`${f}Exclude`]: [] });
      else yield put({ ...t, [f]: [] });
      if (
        t[f].length > 1 && !(f === "src" && t.srcExclude.length) &&
        !(f === "dst" && t.dstExclude.length)
      ) {
        for (let k = 0; k < t[f].length; k++) {
          yield put({ ...t, [f]: t[f].filter((_, j) => j !== k) });
        }
      }
    }
    if (t.counter !== null) yield put({ ...t, counter: null });
    if (t.logging) yield put({ ...t, logging: false });
  }
}

/**
 * Greedy shrinking: takes the first smaller policy that still disagrees,
 * until none does (at most `budget` Capirca renderings). `rewrite` turns a
 * rendering into the text the engine reads (default: as it is).
 */
export async function minimise(
  peer: CapircaPeer,
  policy: PeerPolicy,
  flow: PeerFlow,
  target: string,
  options: {
    kind?: Kind;
    terms?: boolean;
    dialect?: string;
    budget?: number;
    rewrite?: (text: string) => string;
  } = {},
): Promise<Disagreement> {
  const { kind = "wrong", terms = false, dialect, budget = 400, rewrite = (t) => t } = options;
  let best = await peer.render(policy, [flow]);
  if ("invalid" in best) throw new RangeError(`Capirca refuses its own policy: ${best.invalid}`);
  let calls = 0;
  let progress = true;
  while (progress && calls < budget) {
    progress = false;
    for (const candidate of smaller(best.policy)) {
      if (++calls > budget) break;
      const c = await peer.render(candidate, [flow]);
      if ("invalid" in c || !shows(c, target, flow, { kind, terms, dialect, rewrite })) continue;
      best = c;
      progress = true;
      break;
    }
  }
  const v = ours(best, target, flow, { dialect, rewrite }) ?? "not rendered";
  return {
    target,
    flow,
    ours: typeof v === "string" ? v : v.permitted,
    term: typeof v === "string" ? null : v.term,
    theirsTerm: best.answers[0]!.term,
    theirs: best.answers[0]!.action,
    source: best.source,
    rendering: rewrite(String(best.renderings[target])),
  };
}
