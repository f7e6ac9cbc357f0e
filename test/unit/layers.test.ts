// The import rules of the codebase, checked on every test run: worker/ → durable/ → shared/, web/ → shared/,
// no cycles, no production import of dev-only code. The rule itself lives in scripts/check-layers.mjs.
import { mkdtempSync, mkdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error -- plain ESM script without type declarations
import { checkLayers } from "../../scripts/check-layers.mjs";

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "layers-"));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
    writeFileSync(path.join(root, name), text);
  }
  return root;
}

describe("import layers", () => {
  it("the repository follows them", () => {
    expect(checkLayers()).toEqual([]);
  });

  it("an import against the direction, a cycle and a dev import are each reported", () => {
    const root = tree({
      "shared/model.ts": `import { x } from "../durable/store";\nexport const m = 1;`,
      "durable/store.ts": `import type { Y } from "./rules";\nexport const x = 1;`,
      "durable/rules.ts": `import { x } from "./store";\nexport type Y = number;`,
      "durable/object.ts": `import { faults } from "../worker/dev/faults";`,
      "worker/dev/faults.ts": `export const faults = 1;`,
      "web/src/app.ts": `import { x } from "../../durable/store";`,
    });
    const problems: string[] = checkLayers(root);
    expect(problems.some((p) => p.startsWith("shared/model.ts imports durable/store.ts"))).toBe(true);
    expect(problems.some((p) => p.startsWith("durable/object.ts imports worker/dev/faults.ts"))).toBe(true);
    expect(problems.some((p) => p.startsWith("web/src/app.ts imports durable/store.ts"))).toBe(true);
    expect(problems).toContain("import cycle: durable/rules.ts → durable/store.ts → durable/rules.ts");
  });
});
