// Colmena's Worker: the WhatsApp webhook, the agents' JSON API, the realtime sockets and (in development) the
// Graph API simulator. Static assets (the inbox) are served by Workers Assets before this code runs.
import { campaignRoutes } from "./api/campaign-routes";
import { channelRoutes } from "./api/channel-routes";
import { setupRoutes } from "./api/setup-routes";
import { assistRoutes } from "./api/assist-routes";
import { Hono } from "hono";
import { bodyCaps } from "./body-limits";
import { accountRoutes } from "./api/account-routes";
import { adminConfigRoutes } from "./api/admin-config-routes";
import { adminPeopleRoutes } from "./api/admin-people-routes";
import { assistantRoutes } from "./api/assistant-routes";
import { authRoutes } from "./api/auth-routes";
import { passwordResetRoutes } from "./api/password-reset-routes";
import { twoFactorRoutes } from "./api/two-factor-routes";
import { contactImportRoutes } from "./api/contact-import-routes";
import { contactRoutes } from "./api/contact-routes";
import { dataRightsRoutes } from "./api/data-rights-routes";
import { directoryRoutes } from "./api/directory-routes";
import { knowledgeRoutes } from "./api/knowledge-routes";
import { conversationRoutes } from "./api/conversation-routes";
import { reportRoutes } from "./api/report-routes";
import { slaRoutes } from "./api/sla-routes";
import { templateRoutes } from "./api/template-routes";
import { devRoutes } from "./dev/dev-routes";
import type { AppEnv } from "./env";
import { errorResponse, onError } from "./http-errors";
import { routeSockets } from "./realtime/socket-gate";
import { securityHeaders } from "./security-headers";
import { simRoutes } from "./sim/sim-routes";
import { whatsappWebhook } from "./whatsapp/webhook-route";

export { Conversation } from "../durable/conversation";
export { Workspace } from "../durable/workspace";
export { WorkspaceRelay } from "../durable/workspace-relay";
export { LoginThrottle } from "../durable/login-throttle";
export { Campaign } from "../durable/campaign/campaign";
export { GraphSimulator } from "./sim/graph-simulator";

/** The JSON API; its type drives the inbox's typed client (`hc<Api>`). */
const api = new Hono<AppEnv>()
  .get("/health", (c) => c.json({ ok: true }))
  .route("/setup", setupRoutes)
  .route("/auth", authRoutes)
  .route("/auth", accountRoutes)
  .route("/auth", twoFactorRoutes)
  .route("/auth", passwordResetRoutes)
  .route("/conversations", conversationRoutes)
  .route("/conversations", assistRoutes)
  .route("/templates", templateRoutes)
  .route("/contacts", contactImportRoutes)
  .route("/contacts", contactRoutes)
  .route("/admin", channelRoutes)
  .route("/admin", adminPeopleRoutes)
  .route("/admin", adminConfigRoutes)
  .route("/admin", knowledgeRoutes)
  .route("/admin", assistantRoutes)
  .route("/admin", slaRoutes)
  .route("/admin", dataRightsRoutes)
  .route("/reports", reportRoutes)
  .route("/campaigns", campaignRoutes)
  .route("/", directoryRoutes);
export type Api = typeof api;

const app = new Hono<AppEnv>();
app.onError(onError);
app.use("*", securityHeaders);
app.use("*", bodyCaps);
app.use("/api/*", async function jsonBodies(c, next) {
  // A body sent without saying it is JSON would otherwise be validated as if it were empty.
  const hasBody = c.req.header("content-length") !== undefined ? c.req.header("content-length") !== "0" : c.req.header("transfer-encoding") !== undefined;
  const type = c.req.header("content-type") ?? "";
  const json = /^application\/json\s*(;|$)/i.test(type);
  const files = /^multipart\/form-data\s*;/i.test(type) && (c.req.path.endsWith("/attachments") || c.req.path === "/api/templates/header-media");
  // The knowledge import takes a file or text as it is (CSV, Markdown, plain text), and only that route does.
  const knowledgeFile = c.req.path === "/api/admin/knowledge/import" && /^(multipart\/form-data\s*;|text\/(csv|markdown|x-markdown|plain|tab-separated-values)\s*(;|$))/i.test(type);
  // The contacts import takes CSV; its route says 415 to anything else.
  const contactsFile = c.req.path === "/api/contacts/import";
  if (["POST", "PUT", "PATCH"].includes(c.req.method) && hasBody && !json && !files && !knowledgeFile && !contactsFile) {
    return errorResponse(415, "unsupported_media_type", "Send JSON (Content-Type: application/json); files go to …/attachments as multipart/form-data.");
  }
  await next();
});
app.route("/api", api);
app.route("/webhooks/whatsapp", whatsappWebhook);
app.all("/parties/*", (c) => routeSockets(c.req.raw, c.env));
app.route("/__sim", simRoutes);
app.route("/__dev", devRoutes);
app.notFound((c) => errorResponse(404, "not_found", `No route for ${c.req.method} ${new URL(c.req.url).pathname}.`));

export default app;
