// A person changes their password from Ajustes › Tokens: their other session ends at once, the sessions list shows
// what is open (this one marked), and "log out everywhere" ends this one too. Uses an invited person, so the demo
// people's passwords stay as the other tests expect.
import { expect, test } from "vitest";
import { browserSuite, screenshot } from "./helpers/browser";

const { baseUrl, signIn, guest } = browserSuite();

test("password change ends the other session; the sessions list and log out everywhere work", async () => {
  const email = `marta.${String(Date.now()).slice(-6)}@demo.test`;
  const admin = await signIn("admin@demo.test");
  const invite = await admin.request.post("/api/admin/invites", { data: { email, name: "Marta Núñez", role: "agent" } });
  expect(invite.status()).toBe(201);
  const { token } = (await invite.json()) as { token: string };
  await admin.close();

  // Accepting the invitation from a script opens a first session: the "other device".
  const accepted = await fetch(`${baseUrl}/api/auth/invites/${token}/accept`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password: "Primera-clave-1" }) });
  expect(accepted.status).toBe(201);
  const otherDevice = accepted.headers.get("set-cookie")!.split(";")[0]!;
  const asOtherDevice = () => fetch(`${baseUrl}/api/auth/me`, { headers: { cookie: otherDevice } });
  expect((await asOtherDevice()).status).toBe(200);

  const context = await guest();
  try {
    expect((await context.request.post("/api/auth/login", { data: { email, password: "Primera-clave-1" } })).status()).toBe(200);
    const page = await context.newPage();
    await page.goto("/settings/tokens");
    const sessions = page.getByRole("list", { name: "Tus sesiones abiertas" });
    await expect.poll(() => sessions.locator("li.token").count()).toBe(2);
    await sessions.getByText("Esta sesión").waitFor();

    const form = page.getByRole("form", { name: "Cambiar la contraseña" });
    await form.getByLabel("Contraseña actual").fill("no-es-esta");
    await form.getByLabel("Contraseña nueva").fill("Segunda-clave-2");
    await form.getByRole("button", { name: "Cambiar contraseña" }).click();
    await form.getByText("La contraseña actual no es correcta.").waitFor();

    await form.getByLabel("Contraseña actual").fill("Primera-clave-1");
    await form.getByLabel("Contraseña nueva").fill("Segunda-clave-2");
    await form.getByRole("button", { name: "Cambiar contraseña" }).click();
    await form.getByText("Sesiones cerradas en otros dispositivos: 1.").waitFor();
    expect(await form.getByText("La contraseña actual no es correcta.").count()).toBe(0);
    await expect.poll(() => sessions.locator("li.token").count()).toBe(1);
    expect((await asOtherDevice()).status).toBe(401);
    await screenshot(page, "60-password-and-sessions");

    await page.getByRole("button", { name: "Cerrar sesión en todas partes" }).click();
    await page.getByRole("button", { name: "Sí, cerrar todas" }).click();
    await page.waitForURL("**/login");
    expect((await context.request.get("/api/auth/me")).status()).toBe(401);
    // The new password is the one that works now.
    expect((await context.request.post("/api/auth/login", { data: { email, password: "Primera-clave-1" } })).status()).toBe(401);
    expect((await context.request.post("/api/auth/login", { data: { email, password: "Segunda-clave-2" } })).status()).toBe(200);
  } finally {
    await context.close();
  }
});
