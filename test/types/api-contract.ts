// The contract between the routes' zod schemas (shared/api) and the inbox's client (web/src/data), checked by
// `tsc -p web/tsconfig.json` and never run: a schema change the client does not follow stops this from compiling.
import type { z } from "zod";
import type { agentPatchBody, channelBody, inviteBody, ruleBody, settingsBody } from "../../shared/api/admin";
import type { acceptInviteBody, passwordChangeBody, tokenBody } from "../../shared/api/auth";
import type { tagChangeBody } from "../../shared/api/common";
import type { contactPatchBody } from "../../shared/api/contacts";
import type { assignBody, priorityBody, replyBody, statusBody, transferBody } from "../../shared/api/conversations";
import type { cannedReplyBody, tagBody, teamBody } from "../../shared/api/directory";
import type { articleCreateBody, articleReplaceBody, previewBody } from "../../shared/api/knowledge";
import type { RoutingRule } from "../../shared/routing";
import type { accountApi, adminApi, inviteApi, tokenApi } from "../../web/src/data/admin";
import type { api } from "../../web/src/data/api";
import type { contactsApi } from "../../web/src/data/contacts";
import type { knowledgeApi } from "../../web/src/data/knowledge";
import type { CannedReply, RuleRecord, TagEntry, TeamEntry } from "../../web/src/data/types";

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Assert<T extends true> = T;
type Body<F extends (...args: never[]) => unknown, I extends number> = Parameters<F>[I];

// Every body the client sends is exactly what its route's schema accepts.
export type ClientBodies = [
  Assert<Equal<Body<typeof api.send, 1>, z.input<typeof replyBody>>>,
  Assert<Equal<Body<typeof api.transfer, 1>, z.input<typeof transferBody>>>,
  Assert<Equal<Body<typeof api.setStatus, 1>, z.input<typeof statusBody>>>,
  Assert<Equal<Body<typeof api.setPriority, 1>, z.input<typeof priorityBody>["priority"]>>,
  Assert<Equal<Body<typeof api.assign, 1>, z.input<typeof assignBody>["agentId"]>>,
  Assert<Equal<Body<typeof api.changeTags, 1>, z.input<typeof tagChangeBody>>>,
  Assert<Equal<Body<typeof api.addPersonalCanned, 0>, z.input<typeof cannedReplyBody>>>,
  Assert<Equal<Body<typeof contactsApi.patch, 1>, z.input<typeof contactPatchBody>>>,
  Assert<Equal<Body<typeof adminApi.invite, 0>, z.input<typeof inviteBody>>>,
  Assert<Equal<Body<typeof adminApi.patchAgent, 1>, z.input<typeof agentPatchBody>>>,
  Assert<Equal<Body<typeof adminApi.createTeam, 0>, z.input<typeof teamBody>>>,
  Assert<Equal<Body<typeof adminApi.createRule, 0>, z.input<typeof ruleBody>>>,
  Assert<Equal<Body<typeof adminApi.createTag, 0>, z.input<typeof tagBody>>>,
  Assert<Equal<Body<typeof adminApi.patchSettings, 0>, z.input<typeof settingsBody>>>,
  Assert<Equal<Body<typeof adminApi.patchChannel, 1>, z.input<typeof channelBody>>>,
  Assert<Equal<Body<typeof tokenApi.create, 0>, z.input<typeof tokenBody>>>,
  Assert<Equal<Body<typeof inviteApi.accept, 1>, z.input<typeof acceptInviteBody>>>,
  Assert<Equal<Body<typeof accountApi.changePassword, 0>, z.input<typeof passwordChangeBody>>>,
  Assert<Equal<Body<typeof knowledgeApi.create, 0>, z.input<typeof articleCreateBody>>>,
  Assert<Equal<Body<typeof knowledgeApi.replace, 1>, z.input<typeof articleReplaceBody>>>,
  Assert<Equal<Body<typeof knowledgeApi.preview, 1>, NonNullable<z.input<typeof previewBody>["history"]>>>,
];

// What the routes answer for a write is the schema's parsed body plus the server's fields, and a stored rule is
// what the schema produces: the workspace object's matcher (shared/routing.ts) reads the same shape.
export type ServerShapes = [
  Assert<Equal<Omit<TagEntry, "id">, z.output<typeof tagBody>>>,
  Assert<Equal<Omit<TeamEntry, "id">, z.output<typeof teamBody>>>,
  Assert<Equal<Omit<CannedReply, "id" | "personal">, z.output<typeof cannedReplyBody>>>,
  Assert<Equal<RuleRecord, RoutingRule>>,
  Assert<Equal<z.output<typeof ruleBody>["conditions"], RoutingRule["conditions"]>>,
  Assert<Equal<z.output<typeof ruleBody>["actions"], RoutingRule["actions"]>>,
];

// Calls the inbox makes compile, and calls a route would reject do not.
export function clientCalls(client: typeof api, admin: typeof adminApi, contacts: typeof contactsApi): void {
  void client.send("c_1", { text: "¡Hola, María! Tu pedido 🚚 sale mañana desde Sevilla", clientId: "tmp-ñ1" });
  void client.send("c_1", { text: "@Lucía ¿revisas la factura nº 117? 🙏", private: true, clientId: "tmp-ñ2", mentions: ["ag_lucia"] });
  void client.send("c_1", { clientId: "tmp-ñ3", template: { name: "recordatorio_cita", language: "es", params: ["José", "martes 10:30"] } });
  void client.setStatus("c_1", { status: "snoozed", snoozedUntil: Date.UTC(2026, 11, 2, 9) });
  void admin.createTag({ name: "Facturación", color: "#22aa66" });
  void admin.createRule({ name: "Cobros de España", conditions: { textContains: ["factura", "cobro"], phonePrefixes: ["+34"] }, actions: { teamId: "team_cobranza" } });
  void contacts.patch("ct_1", { name: "Begoña Núñez", attributes: { ciudad: "Málaga" } });

  // @ts-expect-error priorities are low | normal | high | urgent
  void client.setPriority("c_1", "crítica");
  // @ts-expect-error "pending" is set by the bot hand-off, never by this route
  void client.setStatus("c_1", { status: "pending" });
  // @ts-expect-error mentions are agent ids
  void client.send("c_1", { text: "nota", private: true, clientId: "tmp-ñ4", mentions: [42] });
  // @ts-expect-error a tag's color is a "#rrggbb" string
  void admin.createTag({ name: "Urgente", color: 0xff0000 });
  // @ts-expect-error a rule needs conditions and actions
  void admin.createRule({ name: "Sin acciones" });
  // @ts-expect-error attributes are text
  void contacts.patch("ct_1", { attributes: { edad: 42 } });
}
