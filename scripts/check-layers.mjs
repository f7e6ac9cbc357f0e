#!/usr/bin/env node
// Fails when an import points against the layers: worker/ → durable/ → shared/, and web/ → shared/ only.
// Also fails on import cycles and on production code importing the dev-only folder. Run by `npm run check` and by
// the unit tests (test/unit/layers.test.ts), so a wrong import cannot land.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";

const ROOT = path.resolve(import.meta.dirname, "..");

/** Which top-level folders each layer may import from (besides packages). */
export const ALLOWED = {
  shared: ["shared"],
  durable: ["durable", "shared"],
  worker: ["worker", "durable", "shared"],
  web: ["web", "shared"],
};
/** Dev-only code (fixtures, fault switches, the Graph simulator): mounted by the Worker's entry, where it answers
 * 404 outside development, and imported by nothing else on the production path. */
const DEV_FOLDERS = ["worker/dev/", "worker/sim/"];
const DEV_IMPORTERS = new Set(["worker/index.ts"]);
const isDev = (rel) => DEV_FOLDERS.some((f) => rel.startsWith(f));

function sourceFiles(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "dist") continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(ts|tsx|mjs|js)$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

// Static imports and re-exports, dynamic import(), and type-position import("…").
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^"'`;]*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)|^\s*import\s*["']([^"']+)["']/gm;

export function importsOf(file) {
  const text = readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const found = [];
  for (const m of text.matchAll(IMPORT)) found.push(m[1] ?? m[2] ?? m[3]);
  return found;
}

function resolve(from, spec) {
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, `${base}.mjs`, `${base}.js`, path.join(base, "index.ts")]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {}
  }
  return null;
}

const layerOf = (rel) => rel.split("/")[0];

export function checkLayers(root = ROOT) {
  const problems = [];
  const graph = new Map();
  const files = Object.keys(ALLOWED).flatMap((layer) => {
    const dir = path.join(root, layer === "web" ? "web/src" : layer);
    try {
      return sourceFiles(dir);
    } catch {
      return [];
    }
  });
  for (const file of files) {
    const rel = path.relative(root, file);
    const layer = layerOf(rel);
    const edges = [];
    for (const spec of importsOf(file)) {
      if (!spec.startsWith(".")) continue; // a package
      const target = resolve(file, spec);
      if (!target) continue; // a non-code asset (css) or a generated file
      const targetRel = path.relative(root, target);
      const targetLayer = layerOf(targetRel);
      if (!ALLOWED[layer].includes(targetLayer)) problems.push(`${rel} imports ${targetRel}: ${layer}/ may import only ${ALLOWED[layer].join(", ")}`);
      if (isDev(targetRel) && !isDev(rel) && !DEV_IMPORTERS.has(rel)) {
        problems.push(`${rel} imports ${targetRel}: dev-only code must be injected, not imported`);
      }
      edges.push(targetRel);
    }
    graph.set(rel, edges);
  }
  for (const cycle of cycles(graph)) problems.push(`import cycle: ${cycle.join(" → ")}`);
  return problems;
}

/** Every elementary cycle found by a depth-first search (each reported once, from its smallest file name). */
function cycles(graph) {
  const found = new Map();
  const state = new Map(); // 1 = on the stack, 2 = done
  const stack = [];
  const visit = (node) => {
    state.set(node, 1);
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 1) {
        const cycle = stack.slice(stack.indexOf(next));
        const start = cycle.indexOf([...cycle].sort()[0]);
        const rotated = [...cycle.slice(start), ...cycle.slice(0, start)];
        found.set(rotated.join("|"), [...rotated, rotated[0]]);
      } else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 2);
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return [...found.values()];
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const problems = checkLayers();
  if (problems.length) {
    console.error(`Layer check failed (${problems.length}):\n  ${problems.join("\n  ")}`);
    process.exit(1);
  }
  console.log("Layers: worker → durable → shared, web → shared; no cycles, no dev imports. OK");
}
