// /parties/*: the only way into a Durable Object's WebSocket. Authenticates the caller here, in the Worker,
// before any object is touched; allow-lists the routable classes; strips client-sent identity headers and
// stamps the trusted actor. Plain HTTP to objects is not exposed at all.
import { routePartykitRequest } from "partyserver";
import { ACTOR_HEADER, encodeActor } from "../../durable/conversation-api";
import type { Actor } from "../../shared/model";
import { authenticate, crossSiteCookieUse } from "../auth/require-actor";
import { isConversationId } from "../../shared/conversation-id";
import { errorResponse } from "../http-errors";
import { rpcStub } from "../../durable/stubs";

const ROUTABLE = new Set(["Conversation", "Workspace"]);

async function mayOpen(env: Env, actor: Actor, className: string, room: string): Promise<boolean> {
  if (className === "Workspace") return room === actor.workspaceId;
  if (className === "Conversation") {
    if (!isConversationId(room)) return false;
    // Remembered by the workspace (in parallel, harmless if refused): deactivating this person or changing their
    // teams then closes this socket at once (durable/workspace/socket-watchers.ts).
    const [allowed] = await Promise.all([
      rpcStub(env, "Conversation", room).authorize(actor),
      rpcStub(env, "Workspace", actor.workspaceId)
        .watching(actor.agentId, room)
        .catch((err: unknown) => console.warn("socket watcher not recorded", (err as Error).message)),
    ]);
    return allowed;
  }
  return false;
}

function withTrustedIdentity(request: Request, actor: Actor): Request {
  const next = new Request(request);
  for (const name of [...next.headers.keys()]) {
    if (name.startsWith("x-partykit-") || name.startsWith("x-colmena-")) next.headers.delete(name);
  }
  next.headers.set(ACTOR_HEADER, encodeActor(actor));
  return next;
}

export async function routeSockets(request: Request, env: Env): Promise<Response> {
  const response = await routePartykitRequest(request, env, {
    onBeforeConnect: async (req, lobby) => {
      if (!ROUTABLE.has(lobby.className)) return errorResponse(404, "not_found", "No such room.");
      if (crossSiteCookieUse(req)) return errorResponse(403, "cross_origin", "Sockets must be opened from the inbox itself.");
      const actor = await authenticate(env, req);
      if (!actor) return errorResponse(401, "unauthenticated", "Log in to continue.");
      if (!(await mayOpen(env, actor, lobby.className, lobby.name))) return errorResponse(403, "forbidden", "You cannot open this room.");
      return withTrustedIdentity(req, actor);
    },
    onBeforeRequest: () => errorResponse(404, "not_found", "Rooms only speak WebSocket."),
  });
  // partyserver answers a plain-text 400 for a party that is not a Durable Object binding at all.
  if (!response || (response.status === 400 && !response.webSocket)) return errorResponse(404, "not_found", "No such room.");
  return response;
}
