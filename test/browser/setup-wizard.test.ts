// The first run of a fresh deployment, in Chromium: a second local server of its own (D1 migrated but empty,
// SETUP_TOKEN set — the shared server is seeded, so it is past its setup), the login page showing the setup form,
// a wrong token refused, the right one creating the workspace and its admin and landing in the inbox signed in;
// afterwards the login is the plain login again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, expect, test } from "vitest";
import type { Me } from "../../shared/api/auth";
// @ts-expect-error -- plain ESM script without type declarations (JSDoc only)
import { freePort, startLocalServer } from "../../scripts/local-server.mjs";
import { browserSuite, screenshot } from "./helpers/browser";

const { guest } = browserSuite();
const SETUP_TOKEN = "setup-token-for-the-browser-test";

type LocalServer = { url: string; stop: () => Promise<void> };
let server: LocalServer | undefined;
const persistTo = mkdtempSync(path.join(tmpdir(), "colmena-setup-"));

beforeAll(async () => {
  // The web app is already built by the browser project's global setup.
  const options = { persistTo, vars: { SETUP_TOKEN }, quiet: true, build: false, seed: false };
  try {
    server = (await startLocalServer({ ...options, port: await freePort() })) as LocalServer;
  } catch (err) {
    // A port taken between choosing and binding it (other wrangler sessions on this machine): once more.
    if (!/Address already in use/.test(String(err))) throw err;
    server = (await startLocalServer({ ...options, port: await freePort() })) as LocalServer;
  }
});

afterAll(async () => {
  await server?.stop();
  rmSync(persistTo, { recursive: true, force: true });
});

test("first run: the setup form, a wrong token refused, the right one creates the workspace and signs the admin in", async () => {
  const base = server!.url;
  expect(await (await fetch(`${base}/api/setup`)).json()).toEqual({ needed: true });

  const context = await guest();
  try {
    const page = await context.newPage();
    page.on("pageerror", (err) => console.error(`[page error] ${err.message}`));
    await page.goto(`${base}/`);
    // Nobody is signed in: the inbox sends to /login, which shows the setup in the login's place.
    const form = page.getByRole("form", { name: "Configura Colmena" });
    await form.waitFor();
    expect(new URL(page.url()).pathname).toBe("/login");
    await expect(page.getByRole("button", { name: "Entrar", exact: true }).count()).resolves.toBe(0);

    await form.getByLabel("Token de configuración (SETUP_TOKEN)").fill("not-the-token");
    await form.getByLabel("Nombre de la empresa").fill("Ferretería Ortega");
    await form.getByLabel("Zona horaria").selectOption("America/Mexico_City");
    await form.getByLabel("País (código ISO, p. ej. ES, MX)").fill("MX");
    await form.getByLabel("Idioma").selectOption("es");
    await form.getByLabel("Tu nombre").fill("Lucía Ortega");
    await form.getByLabel("Email").fill("lucia@ferreteria.test");
    await form.getByLabel("Contraseña").fill("Ferreteria-2026");
    await form.getByRole("button", { name: "Crear y entrar" }).click();
    await form.getByText("El token de configuración no es correcto: es el valor del secreto SETUP_TOKEN.").waitFor();
    // Refused: nothing was created.
    expect(await (await fetch(`${base}/api/setup`)).json()).toEqual({ needed: true });

    await form.getByLabel("Token de configuración (SETUP_TOKEN)").fill(SETUP_TOKEN);
    await form.getByRole("button", { name: "Crear y entrar" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).waitFor();
    await page.getByText("Ferretería Ortega").first().waitFor();
    await screenshot(page, "70-setup-done-inbox");

    const me = (await (await context.request.get(`${base}/api/auth/me`)).json()) as Me;
    expect(me.agent).toMatchObject({ name: "Lucía Ortega", email: "lucia@ferreteria.test", role: "admin" });
    expect(me.workspace).toMatchObject({ name: "Ferretería Ortega", timezone: "America/Mexico_City", locale: "es" });
    expect(await (await fetch(`${base}/api/setup`)).json()).toEqual({ needed: false });
  } finally {
    await context.close();
  }

  // Anyone else now gets the plain login, and the admin's password works there.
  const other = await guest();
  try {
    const page = await other.newPage();
    await page.goto(`${base}/login`);
    await page.getByRole("button", { name: "Entrar", exact: true }).waitFor();
    await page.reload();
    await page.getByRole("button", { name: "Entrar", exact: true }).waitFor();
    await expect(page.getByRole("form", { name: "Configura Colmena" }).count()).resolves.toBe(0);
    await page.getByLabel("Email").fill("lucia@ferreteria.test");
    await page.getByLabel("Contraseña").fill("Ferreteria-2026");
    await page.getByRole("button", { name: "Entrar", exact: true }).click();
    await page.waitForURL((url) => url.pathname === "/");
    await page.getByRole("navigation").getByRole("button", { name: /Todas/ }).waitFor();
  } finally {
    await other.close();
  }
});
