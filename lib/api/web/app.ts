/**
 * The web page of `trigger serve` (browser code, served as JavaScript with
 * its types stripped): a job list with live progress bars (Server-Sent Events
 * read through `fetch`, so the bearer token travels in a header, never in a
 * URL), per-device results raw and parsed, an ACL checker that highlights the
 * deciding line, and a device search. No framework.
 *
 * @module
 */
/// <reference lib="dom" />
/// <reference lib="dom.iterable" />

interface DeviceResult {
  device: string;
  ok: boolean;
  results: { command: string; output: string; parsed?: unknown }[];
  error?: { code: string; message: string };
  elapsedMs: number;
}

interface Job {
  id: string;
  name: string;
  submittedBy: string;
  status: string;
  total: number | null;
  done: number;
  failed: number;
  createdAt: string;
  results?: DeviceResult[];
}

const $ = <T extends HTMLElement>(sel: string): T => document.querySelector(sel) as T;
let token = sessionStorage.getItem("trigger-token") ?? "";
const following = new Map<string, AbortController>();

async function api(path: string, init: RequestInit = {}): Promise<unknown> {
  const res = await fetch(`/api/v1${path}`, {
    ...init,
    headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
  });
  const body = await res.json();
  if (!res.ok) throw new Error(body?.error?.message ?? res.statusText);
  return body;
}

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  props: Record<string, string> = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(props)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

// ---- jobs -------------------------------------------------------------------

function jobRow(job: Job): HTMLTableRowElement {
  const row = el("tr", { class: "job", "data-id": job.id });
  const bar = el("progress", { max: String(job.total ?? 1), value: String(job.done) });
  row.append(
    el("td", {}, job.name),
    el("td", {}, job.submittedBy),
    el("td", { class: "status" }, job.status),
    el("td", {}, bar, el("span", { class: "count" }, ` ${job.done}/${job.total ?? "?"}`)),
    el("td", {}, new Date(job.createdAt).toLocaleTimeString()),
  );
  row.addEventListener("click", () => showJob(job.id));
  return row;
}

function updateRow(id: string, done: number, total: number | null, status?: string): void {
  const row = document.querySelector(`tr[data-id="${id}"]`);
  if (!row) return;
  const bar = row.querySelector("progress")!;
  bar.max = total ?? Math.max(done, 1);
  bar.value = done;
  row.querySelector(".count")!.textContent = ` ${done}/${total ?? "?"}`;
  if (status) row.querySelector(".status")!.textContent = status;
}

async function loadJobs(): Promise<void> {
  const { jobs } = await api("/jobs") as { jobs: Job[] };
  const body = $("#job-list tbody");
  body.replaceChildren(...jobs.map(jobRow));
  for (const j of jobs) if (j.status === "running") follow(j.id);
}

function resultBlock(r: DeviceResult): HTMLElement {
  const head = el(
    "summary",
    {},
    el("span", { class: r.ok ? "ok" : "failed" }, r.ok ? "ok" : "FAILED"),
    ` ${r.device}`,
  );
  const box = el("details", { class: "device", "data-device": r.device }, head);
  if (r.error) box.append(el("pre", {}, `${r.error.code}: ${r.error.message}`));
  for (const c of r.results) {
    box.append(el("div", {}, el("strong", {}, c.command)), el("pre", { class: "raw" }, c.output));
    if (c.parsed !== undefined) {
      box.append(el("pre", { class: "parsed" }, JSON.stringify(c.parsed, null, 2)));
    }
  }
  return box;
}

async function showJob(id: string): Promise<void> {
  document.querySelectorAll("tr.job").forEach((r) =>
    r.classList.toggle("selected", r.getAttribute("data-id") === id)
  );
  const { job } = await api(`/jobs/${id}`) as { job: Job };
  const detail = $("#job-detail");
  detail.dataset.id = id;
  detail.replaceChildren(
    el("h3", {}, `${job.name} (${job.id})`),
    ...(job.results ?? []).map(resultBlock),
  );
}

/** Follows a job's events: progress bars and results arrive as they happen. */
async function follow(id: string): Promise<void> {
  if (following.has(id)) return;
  const ctrl = new AbortController();
  following.set(id, ctrl);
  try {
    const res = await fetch(`/api/v1/jobs/${id}/events`, {
      headers: { authorization: `Bearer ${token}` },
      signal: ctrl.signal,
    });
    const reader = res.body!.pipeThrough(new TextDecoderStream()).getReader();
    let buf = "";
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      buf += value;
      let at: number;
      while ((at = buf.indexOf("\n\n")) >= 0) {
        const chunk = buf.slice(0, at);
        buf = buf.slice(at + 2);
        const data = chunk.split("\n").filter((l) => l.startsWith("data:")).map((l) =>
          l.slice(5).trim()
        ).join("\n");
        if (data) onEvent(id, JSON.parse(data));
      }
    }
  } catch {
    /* closed */
  } finally {
    following.delete(id);
  }
}

function onEvent(
  id: string,
  e: { type: string; done?: number; total?: number | null; status?: string; result?: DeviceResult },
): void {
  if (e.type === "progress") updateRow(id, e.done ?? 0, e.total ?? null);
  else if (e.type === "end") {
    const row = document.querySelector(`tr[data-id="${id}"]`);
    const done = Number(row?.querySelector("progress")?.value ?? 0);
    updateRow(id, done, done, e.status);
  } else if (e.type === "device" && e.result) {
    const detail = $("#job-detail");
    if (detail.dataset.id === id && !detail.querySelector(`[data-device="${e.result.device}"]`)) {
      detail.append(resultBlock(e.result));
    }
  }
}

async function submitJob(ev: Event): Promise<void> {
  ev.preventDefault();
  const devices = $<HTMLInputElement>("#job-devices").value.split(/\s+/).filter(Boolean);
  const status = $("#submit-status");
  try {
    const { job } = await api("/jobs", {
      method: "POST",
      body: JSON.stringify({ job: $<HTMLSelectElement>("#job-name").value, devices }),
    }) as { job: Job };
    status.textContent = `started ${job.id}`;
    $("#job-list tbody").prepend(jobRow(job));
    follow(job.id);
    await showJob(job.id);
  } catch (e) {
    status.textContent = (e as Error).message;
  }
}

// ---- ACL checker ------------------------------------------------------------

async function checkAcl(ev: Event): Promise<void> {
  ev.preventDefault();
  const acl = $<HTMLTextAreaElement>("#acl-text").value;
  const value = (s: string) => $<HTMLInputElement>(s).value.trim();
  const flow: Record<string, string | number> = {
    src: value("#flow-src"),
    dst: value("#flow-dst"),
  };
  if (value("#flow-proto")) flow.protocol = value("#flow-proto");
  if (value("#flow-dport")) {
    flow.dport = /^\d+$/.test(value("#flow-dport"))
      ? Number(value("#flow-dport"))
      : value("#flow-dport");
  }
  const lines = acl.split("\n");
  const list = $("#acl-lines");
  const verdict = $("#acl-verdict");
  try {
    const r = await api("/acl/check", { method: "POST", body: JSON.stringify({ acl, flow }) }) as {
      permitted: boolean | null;
      line: number | null;
      term: string | null;
    };
    list.replaceChildren(
      ...lines.map((l, i) => el("li", i + 1 === r.line ? { class: "decides" } : {}, l)),
    );
    const word = r.permitted === null ? "UNDETERMINED" : r.permitted ? "PERMITTED" : "DENIED";
    verdict.textContent = r.line === null
      ? `${word} by the implicit deny at the end`
      : `${word} by line ${r.line}${r.term ? ` (term ${r.term})` : ""}`;
  } catch (e) {
    list.replaceChildren();
    verdict.textContent = (e as Error).message;
  }
}

// ---- devices ----------------------------------------------------------------

async function searchDevices(ev: Event): Promise<void> {
  ev.preventDefault();
  const params = new URLSearchParams();
  const q = $<HTMLInputElement>("#device-q").value.trim();
  if (q) params.set("q", q);
  const field = $<HTMLInputElement>("#device-field").value.trim();
  const at = field.indexOf("=");
  if (at > 0) params.set(field.slice(0, at), field.slice(at + 1));
  try {
    const r = await api(`/devices?${params}`) as {
      total: number;
      devices: Record<string, string | null>[];
    };
    $("#device-count").textContent = `${r.total} device(s)`;
    $("#device-list tbody").replaceChildren(
      ...r.devices.map((d) =>
        el(
          "tr",
          {},
          ...["nodeName", "vendor", "platform", "deviceType", "address", "site"].map((k) =>
            el("td", {}, d[k] ?? "")
          ),
        )
      ),
    );
  } catch (e) {
    $("#device-count").textContent = (e as Error).message;
  }
}

// ---- start ------------------------------------------------------------------

async function start(): Promise<void> {
  $<HTMLInputElement>("#token").value = token;
  if (!token) return;
  try {
    const { jobs } = await api("/jobs/named") as { jobs: { name: string; description: string }[] };
    $("#job-name").replaceChildren(
      ...jobs.map((j) => el("option", { value: j.name, title: j.description }, j.name)),
    );
    $("#who").textContent = "signed in";
    await loadJobs();
  } catch (e) {
    $("#who").textContent = (e as Error).message;
  }
}

$("#login").addEventListener("submit", (ev) => {
  ev.preventDefault();
  token = $<HTMLInputElement>("#token").value.trim();
  sessionStorage.setItem("trigger-token", token);
  following.forEach((c) => c.abort());
  start();
});
document.querySelectorAll("nav button").forEach((b) =>
  b.addEventListener("click", () => {
    const tab = b.getAttribute("data-tab");
    document.querySelectorAll("nav button").forEach((x) => x.classList.toggle("active", x === b));
    document.querySelectorAll(".tab").forEach((t) => t.classList.toggle("active", t.id === tab));
  })
);
$("#submit").addEventListener("submit", submitJob);
$("#acl-form").addEventListener("submit", checkAcl);
$("#device-form").addEventListener("submit", searchDevices);
start();
