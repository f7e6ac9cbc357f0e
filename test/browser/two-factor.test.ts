// Two-step verification from the inbox: a person turns it on in Ajustes › Tokens (the code is computed here from
// the key the page shows, as an authenticator app would), logs out, and logs in with password and code; then an
// admin's password reset link sets a new password through /reset/:token. Uses an invited person.
import { expect, test } from "vitest";
import { totpCode, totpStep } from "../../shared/totp";
import { browserSuite, screenshot } from "./helpers/browser";

const { baseUrl, signIn, guest } = browserSuite();

test("turn on 2FA in settings, log out, log in with the code; a reset link sets a new password", async () => {
  const email = `tomas.${String(Date.now()).slice(-6)}@demo.test`;
  const admin = await signIn("admin@demo.test");
  const invite = await admin.request.post("/api/admin/invites", { data: { email, name: "Tomás Vidal", role: "agent" } });
  expect(invite.status()).toBe(201);
  const { token } = (await invite.json()) as { token: string };
  const accepted = await fetch(`${baseUrl}/api/auth/invites/${token}/accept`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ password: "Primera-clave-1" }) });
  expect(accepted.status).toBe(201);
  const agentId = ((await accepted.json()) as { agent: { id: string } }).agent.id;

  const context = await guest();
  try {
    expect((await context.request.post("/api/auth/login", { data: { email, password: "Primera-clave-1" } })).status()).toBe(200);
    const page = await context.newPage();
    await page.goto("/settings/tokens");
    const card = page.getByRole("region", { name: "Verificación en dos pasos" });
    await card.getByRole("button", { name: "Activar la verificación en dos pasos" }).click();
    const secret = (await card.locator("[data-secret]").getAttribute("data-secret"))!;
    expect(secret).toMatch(/^[A-Z2-7]{32}$/);
    expect(await card.getByLabel("Enlace otpauth").inputValue()).toContain(`secret=${secret}`);
    await card.getByLabel("Código de 6 dígitos").fill(await totpCode(secret, totpStep(Date.now())));
    await card.getByRole("button", { name: "Confirmar y activar" }).click();
    await card.getByText(/Activada desde/).waitFor();
    await screenshot(page, "61-two-factor-on");

    // Log out, then the login asks for the code after the password.
    await context.request.post("/api/auth/logout");
    await page.goto("/login");
    await page.getByLabel("Email").fill(email);
    await page.getByLabel("Contraseña").fill("Primera-clave-1");
    await page.getByRole("button", { name: "Entrar" }).click();
    const step = page.getByRole("form", { name: "Código de verificación" });
    await step.waitFor();
    await step.getByLabel("Código de 6 dígitos").fill((await totpCode(secret, totpStep(Date.now()))) === "000000" ? "111111" : "000000");
    await step.getByRole("button", { name: "Verificar" }).click();
    await step.getByText("El código no es correcto o ya se usó. Escribe el actual.").waitFor();
    // The code that turned it on is spent: the next step's code is the one an app shows soon after.
    await step.getByLabel("Código de 6 dígitos").fill(await totpCode(secret, totpStep(Date.now()) + 1));
    await step.getByRole("button", { name: "Verificar" }).click();
    await page.waitForURL((url) => url.pathname === "/");
    expect((await context.request.get("/api/auth/me")).status()).toBe(200);
  } finally {
    await context.close();
  }

  // An admin's reset link: the page names the person, sets the password, and the old one stops working.
  const link = await admin.request.post(`/api/admin/agents/${agentId}/reset-link`);
  expect(link.status()).toBe(201);
  const { url } = (await link.json()) as { url: string };
  await admin.close();
  const resetter = await guest();
  try {
    const page = await resetter.newPage();
    await page.goto(new URL(url).pathname);
    await page.getByText(`Para Tomás Vidal (${email})`).waitFor();
    await page.getByLabel("Contraseña nueva").fill("Segunda-clave-2");
    await page.getByRole("button", { name: "Guardar contraseña" }).click();
    await page.getByText("Contraseña cambiada y sesiones cerradas. Ya puedes iniciar sesión.").waitFor();
    expect((await resetter.request.post("/api/auth/login", { data: { email, password: "Primera-clave-1" } })).status()).toBe(401);
    const login = await resetter.request.post("/api/auth/login", { data: { email, password: "Segunda-clave-2" } });
    expect(((await login.json()) as { twoFactor?: string }).twoFactor).toBe("required");
  } finally {
    await resetter.close();
  }
});
