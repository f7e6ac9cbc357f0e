// Builds the SolidJS inbox into web/dist, which the Worker serves as static assets.
// Chunking: everything the inbox needs at first load goes into one "inbox" chunk (one request, one gzip
// stream); screens and dialogs loaded on demand stay in their own chunks. Without the group, Rolldown splits
// every module shared between the inbox and a lazy screen into a small common chunk of its own.
import { type Plugin, defineConfig } from "vite";
import solid from "vite-plugin-solid";
import { assetHeadersFile } from "../shared/security-headers.ts";

/** Writes dist/_headers, which Workers Assets applies to the inbox's HTML and files (CSP, HSTS, no Referer). */
function securityHeadersFile(): Plugin {
  return {
    name: "colmena-security-headers",
    apply: "build",
    generateBundle() {
      this.emitFile({ type: "asset", fileName: "_headers", source: assetHeadersFile() });
    },
  };
}

/** Modules that must only ever load on demand (lazy routes, dialogs, panels, extra dictionaries). */
const ON_DEMAND =
  /[\\/]web[\\/]src[\\/](pages[\\/](settings[\\/]|reports[\\/]|campaigns[\\/]|LoginPage|SetupForm|LoginTwoFactor|InvitePage|ResetPage|DevPhonePage|NotFoundPage)|i18n[\\/](en|on-demand|reports|campaigns)|data[\\/](admin|contacts|sim|reports|service-settings|outreach|campaigns)|styles[\\/](settings|reports|campaigns)|components[\\/](ContactPanel|MergeDialog|EraseContactDialog|TransferDialog|AlertsDialog|TemplatePicker|SnoozeChoices|NewConversationDialog|RichMessageDialog|AssistBar|MessageActions|ReplyQuote))/;
/**
 * Code outside web/src that only lazy screens use. The "inbox" group would otherwise take it (it takes every
 * node_modules and shared/ module) and the first load would carry it: uPlot (~23 KB gzip) is the reports page's
 * alone. shared/api/reports.ts and shared/api/campaigns.ts (zod schemas) reach the inbox as types only; the figures'
 * definitions (shared/report-definitions.ts) go with the reports chunk, the campaign value syntax with the campaigns
 * page, the template rules with the template form, the phone rules (shared/phone.ts) with the dialog.
 * (The campaigns page needs no group of its own: everything it imports is its alone, so it lands in one chunk; a group
 * would add a shared runtime chunk's name to the first load.)
 */
const ON_DEMAND_ELSEWHERE = /[\\/](node_modules[\\/](uplot|zod)[\\/]|shared[\\/](api[\\/](reports|campaigns)\.ts|report-definitions\.ts|campaign-values\.ts|campaign-status\.ts|template-rules\.ts|phone\.ts))/;
/**
 * The reports page and the wallboard share one chunk and one stylesheet: each lazy file adds its name to the inbox's
 * preload map, which is part of the first load. The chart (uPlot), the definitions (zod) and English stay apart.
 */
const REPORTS = /[\\/](web[\\/]src[\\/](pages[\\/]reports[\\/](?!TimeseriesChart)|data[\\/]reports|i18n[\\/]reports(\.ts|-es)|styles[\\/]reports)|shared[\\/]report-definitions\.ts)/;

export default defineConfig(({ command }) => {
  // Browser tests build from inside vitest (NODE_ENV=test), which would select Solid's development build.
  if (command === "build") process.env.NODE_ENV = "production";
  return {
    root: import.meta.dirname,
    plugins: [solid(), securityHeadersFile()],
    build: {
      outDir: "dist",
      emptyOutDir: true,
      target: "es2022",
      rolldownOptions: {
        output: {
          codeSplitting: {
            groups: [
              { name: "inbox", test: (id: string) => (/node_modules/.test(id) || /[\\/]web[\\/]src[\\/]/.test(id) || /[\\/]shared[\\/]/.test(id)) && !ON_DEMAND.test(id) && !ON_DEMAND_ELSEWHERE.test(id) },
              { name: "reports", test: REPORTS },
            ],
          },
        },
      },
    },
    server: {
      // `npm run web:dev` (optional): Vite on :5173 with the Worker behind it on :8787.
      proxy: {
        "/api": "http://127.0.0.1:8787",
        "/__sim": "http://127.0.0.1:8787",
        "/parties": { target: "ws://127.0.0.1:8787", ws: true },
      },
    },
  };
});
