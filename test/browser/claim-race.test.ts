// Two agents race to claim the same conversation from two browsers: exactly one wins and both screens agree.
import type { Page } from "playwright-core";
import { expect, test } from "vitest";
import { browserSuite, openInbox, screenshot } from "./helpers/browser";
import { customerNumber, sendInbound } from "./helpers/customer";

const { baseUrl, signIn } = browserSuite();

/** "won": the owner chip says it is mine; "lost": the conversation closed on this screen, naming the winner. */
async function outcome(page: Page): Promise<string> {
  if (await page.locator(".owner", { hasText: "Asignada a ti" }).count()) return "won";
  const text = (await page.locator(".pane-conversation").textContent()) ?? "";
  const winner = /(Ana López|Bruno Díaz) ya tomó esta conversación/.exec(text)?.[1];
  if (winner && (await page.locator(".conv-head").count()) === 0) return `lost to ${winner}`;
  return "pending";
}

test("Ana and Bruno claim at the same instant: one owner, and both screens show the same one", async () => {
  const name = "Marta Quintero";
  const from = customerNumber();
  const ana = await signIn("ana@demo.test");
  const bruno = await signIn("bruno@demo.test");
  const pages = { ana: await openInbox(ana), bruno: await openInbox(bruno) };
  try {
    await sendInbound(baseUrl, { from, name, text: "Buenas, quería cambiar la dirección de envío de mi pedido 📦" });
    for (const page of Object.values(pages)) {
      await page.getByRole("navigation").getByRole("button", { name: /Sin asignar/ }).click();
      await page.locator(".row", { hasText: name }).click({ timeout: 10_000 });
      await page.getByRole("button", { name: /Tomar/ }).waitFor();
    }

    await Promise.all([pages.ana.getByRole("button", { name: /Tomar/ }).click(), pages.bruno.getByRole("button", { name: /Tomar/ }).click()]);

    await expect
      .poll(async () => [await outcome(pages.ana), await outcome(pages.bruno)].join(" / "), { timeout: 10_000 })
      .toMatch(/^(won \/ lost to Ana López|lost to Bruno Díaz \/ won)$/);
    const winner = (await outcome(pages.ana)) === "won" ? "ana" : "bruno";
    const loser = winner === "ana" ? "bruno" : "ana";

    // The server agrees with the winner's screen, and the loser's list no longer offers the conversation.
    const id = new URL(pages[winner].url()).pathname.split("/").pop()!;
    const view = (await (await (winner === "ana" ? ana : bruno).request.get(`/api/conversations/${id}`)).json()) as { conversation: { assigneeId: string } };
    expect(view.conversation.assigneeId).toBe(winner === "ana" ? "ag_ana" : "ag_bruno");
    await expect.poll(() => pages[loser].locator(".row", { hasText: name }).count(), { timeout: 10_000 }).toBe(0);
    await screenshot(pages[winner], "06-claim-winner");
    await screenshot(pages[loser], "07-claim-loser");
  } finally {
    await ana.close();
    await bruno.close();
  }
});
