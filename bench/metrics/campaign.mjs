// campaign_10k_s (issue 12): a 10,000-recipient campaign at the number's default 80 messages/s, from "start" until
// every recipient's template has reached the Graph simulator (state sent or beyond). The ideal is 10,000 / 80 =
// 125 s; the figure is reported with its ratio to that ideal. Also: the campaign's own pace per second, and that no
// recipient got the template twice.
import { campaignView, createAndStart, seedAudience, supervisorToken, templatesPerRecipient } from "../lib/campaign.mjs";

export async function measureCampaign(http, persist, { recipients = 10_000, timeoutS = 900 } = {}) {
  seedAudience(persist, { count: recipients, tagId: "tag_bench", optOutEvery: 0, noConsentEvery: 0, prefix: "5266" });
  const token = supervisorToken(persist, "benchcampaign");
  const t0 = Date.now();
  const id = await createAndStart(http, token, { name: "Bench", tagId: "tag_bench" });
  const samples = [];
  let view = null;
  for (;;) {
    view = await campaignView(http, token, id);
    const out = view ? view.counts.total - view.counts.queued - view.counts.skipped : 0;
    samples.push({ s: (Date.now() - t0) / 1000, out });
    if (view && view.counts.total === recipients && view.counts.queued === 0) break;
    if (Date.now() - t0 > timeoutS * 1000) throw new Error(`campaign not through after ${timeoutS} s: ${JSON.stringify(view?.counts)}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  const seconds = (Date.now() - t0) / 1000;
  const { per } = await templatesPerRecipient(http);
  const twice = [...per.values()].filter((n) => n > 1).length;
  return { seconds, ideal: recipients / 80, counts: view.counts, twice, received: per.size, samples: samples.filter((_, i) => i % 10 === 0) };
}
