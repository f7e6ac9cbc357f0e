// Prints how much JavaScript the inbox's first load costs: the entry script and every modulepreload that
// web/dist/index.html references, gzipped (level 9) and brotli-compressed. The benchmark reuses it.
// Usage: node web/scripts/size-report.mjs [distDir] [--json]
import { readFileSync } from "node:fs";
import path from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const dist = path.resolve(args.find((a) => !a.startsWith("--")) ?? path.join(import.meta.dirname, "..", "dist"));
const html = readFileSync(path.join(dist, "index.html"), "utf8");

const scripts = [...html.matchAll(/<script[^>]+type="module"[^>]+src="([^"]+)"/g)].map((m) => m[1]);
const preloads = [...html.matchAll(/<link[^>]+rel="modulepreload"[^>]+href="([^"]+)"/g)].map((m) => m[1]);
const styles = [...html.matchAll(/<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"/g)].map((m) => m[1]);

function measure(files) {
  return [...new Set(files)].map((href) => {
    const bytes = readFileSync(path.join(dist, href.replace(/^\//, "")));
    return {
      file: href,
      raw: bytes.length,
      gzip: gzipSync(bytes, { level: 9 }).length,
      brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
    };
  });
}

const js = measure([...scripts, ...preloads]);
const css = measure(styles);
const sum = (list, key) => list.reduce((s, f) => s + f[key], 0);
const kb = (n) => (n / 1024).toFixed(1);
const report = {
  js: { files: js, raw: sum(js, "raw"), gzip: sum(js, "gzip"), brotli: sum(js, "brotli") },
  css: { files: css, raw: sum(css, "raw"), gzip: sum(css, "gzip"), brotli: sum(css, "brotli") },
};

if (args.includes("--json")) {
  console.log(JSON.stringify(report, null, 2));
} else {
  for (const f of js) console.log(`  js  ${f.file}  ${kb(f.raw)} KB raw, ${kb(f.gzip)} KB gzip, ${kb(f.brotli)} KB brotli`);
  for (const f of css) console.log(`  css ${f.file}  ${kb(f.raw)} KB raw, ${kb(f.gzip)} KB gzip`);
  console.log(`Inbox first-load JS: ${kb(report.js.gzip)} KB gzip (${kb(report.js.brotli)} KB brotli, ${kb(report.js.raw)} KB raw); CSS ${kb(report.css.gzip)} KB gzip`);
}
