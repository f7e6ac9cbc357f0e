// Seeded webhook mutator for the fuzz tests: starts from valid Meta deliveries and breaks them the ways a
// buggy proxy, a new Meta field or an attacker would (wrong types, missing fields, huge batches, deep nesting,
// odd unicode). Pure functions, no I/O: the same seed gives the same payloads (print it when a test fails).

export type Rng = () => number;

export function rng(seed: number): Rng {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}

const pick = <T>(r: Rng, list: readonly T[]): T => list[Math.floor(r() * list.length)]!;

const ODD_STRINGS = [
  // Lone surrogates (\ud800) are left to a dedicated test: the product logs some raw values, and the test
  // runner's log channel refuses invalid UTF-8.
  "", " ", "\u0000", "\u202e‮RTL", "e\u0301\u0301\u0301", "👩🏽‍💻🏳️‍🌈", "\uFEFFbom", "𝕳𝖔𝖑𝖆",
  "null", "undefined", "[object Object]", "0", "-1", "1e309", "NaN", "<script>alert(1)</script>", "'; DROP TABLE messages;--",
  "a".repeat(70_000), "ñ".repeat(5_000), "\n\r\t\\\"", "__proto__", "constructor",
];

function oddValue(r: Rng, depth = 0): unknown {
  switch (Math.floor(r() * 12)) {
    case 0: return null;
    case 1: return pick(r, [true, false]);
    case 2: return pick(r, [0, -1, 1.5, 1e308, -0, Number.MAX_SAFE_INTEGER + 2, 2 ** 53]);
    case 3: return pick(r, ODD_STRINGS);
    case 4: return [];
    case 5: return {};
    case 6: return depth < 3 ? [oddValue(r, depth + 1), oddValue(r, depth + 1)] : "x";
    case 7: return depth < 3 ? { id: oddValue(r, depth + 1), type: oddValue(r, depth + 1) } : 1;
    case 8: return nested(Math.floor(r() * 2_000) + 50);
    case 9: return String(Math.floor(r() * 1e12));
    case 10: return { __proto__: { polluted: true }, constructor: { prototype: { polluted: true } } };
    default: return pick(r, ODD_STRINGS).repeat(1 + Math.floor(r() * 3));
  }
}

export function nested(depth: number): unknown {
  let v: unknown = "fondo";
  for (let i = 0; i < depth; i++) v = i % 2 ? [v] : { n: v };
  return v;
}

type Json = Record<string, unknown> | unknown[];

/** Every (container, key) pair in a JSON tree, so a mutation can hit any level. */
function slots(root: Json): Array<[Json, string | number]> {
  const out: Array<[Json, string | number]> = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 12 || node === null || typeof node !== "object") return;
    const entries = Array.isArray(node) ? node.map((v, i) => [i, v] as const) : Object.entries(node);
    for (const [k, v] of entries) {
      out.push([node as Json, k]);
      walk(v, depth + 1);
    }
  };
  walk(root, 0);
  return out;
}

/** Applies 1–4 random mutations in place (deep-copies first). */
export function mutate(payload: unknown, r: Rng): unknown {
  const copy = structuredClone(payload) as Json;
  const times = 1 + Math.floor(r() * 4);
  for (let i = 0; i < times; i++) {
    const all = slots(copy);
    if (!all.length) break;
    const [node, key] = pick(r, all);
    const op = Math.floor(r() * 6);
    if (op === 0 && !Array.isArray(node)) delete (node as Record<string, unknown>)[key as string];
    else if (op === 1 && Array.isArray((node as Record<string, unknown>)[key as string])) {
      const arr = (node as Record<string, unknown[]>)[key as string]!;
      const times = pick(r, [2, 10, 60]);
      (node as Record<string, unknown>)[key as string] = Array.from({ length: arr.length * times }, (_, j) => structuredClone(arr[j % arr.length]));
    } else if (op === 2 && !Array.isArray(node)) (node as Record<string, unknown>)[pick(r, ["extra", "__proto__", "errors", "context", "referral"])] = oddValue(r);
    else (node as Record<string, unknown>)[key as string] = oddValue(r);
  }
  return copy;
}

/** Wamids of every message-shaped object in a payload (what could legitimately be stored). */
export function wamidsIn(payload: unknown): string[] {
  const out: string[] = [];
  const walk = (node: unknown, depth: number) => {
    if (depth > 30 || node === null || typeof node !== "object") return;
    if (Array.isArray(node)) return node.forEach((v) => walk(v, depth + 1));
    const o = node as Record<string, unknown>;
    if (Array.isArray(o.messages)) for (const m of o.messages) if (m && typeof m === "object" && typeof (m as Record<string, unknown>).id === "string") out.push((m as Record<string, string>).id);
    Object.values(o).forEach((v) => walk(v, depth + 1));
  };
  walk(payload, 0);
  return out;
}
