#!/usr/bin/env node
// `npm run dev`: the whole product locally. Builds the inbox, migrates the local D1, starts `wrangler dev`
// (Worker, Durable Objects, D1, R2 and the Graph simulator, all in workerd), seeds the demo workspace and
// prints how to log in. Ctrl+C stops everything. State persists in .wrangler/state between runs.
import { copyFileSync, existsSync } from "node:fs";
import { startLocalServer } from "./local-server.mjs";

const port = Number(process.env.PORT ?? 8787);
if (!existsSync(".dev.vars")) {
  copyFileSync(".dev.vars.example", ".dev.vars");
  console.log("Created .dev.vars from .dev.vars.example (development secrets).");
}
const server = await startLocalServer({ port });
const stop = async () => {
  await server.stop();
  process.exit(0);
};
process.on("SIGINT", stop);
process.on("SIGTERM", stop);
server.process.on("exit", (code) => process.exit(code ?? 0));

console.log(
  [
    "",
    "  Colmena is running",
    `  Inbox:      http://localhost:${port}`,
    `  Log in:     ${server.logins.map((l) => `${l.email} (${l.role})`).join(", ")}`,
    `  Password:   ${server.logins[0].password}`,
    `  Customer:   http://localhost:${port}/dev/phone  (chat as a customer through the Graph simulator)`,
    `  Simulator:  POST ${server.url}/__sim/inbound   GET ${server.url}/__sim/sent`,
    "",
  ].join("\n"),
);
