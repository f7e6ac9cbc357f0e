// The one way to call an object: `rpcStub(env, "Conversation", id)` gives a stub typed by the RPC interface that
// object's class implements, with every call metered (durable/work-meter.ts). The runtime's own stub type maps every
// payload through Rpc's serialization types, which TypeScript cannot follow on our payloads ("excessively deep");
// `ServedBy` below proves at compile time that each class really implements the interface it is seen through.
import type { CampaignRpc } from "./campaign/campaign-api";
import type { ConversationRpc } from "./conversation-api";
import type { LoginThrottleRpc } from "./login-throttle";
import type { RelayRpc, WorkspaceRpc } from "./workspace-api";
import { meterRpc } from "./work-meter";

/** The RPC interface each object binding serves. */
interface Served {
  Conversation: ConversationRpc;
  Workspace: WorkspaceRpc;
  WorkspaceRelay: RelayRpc;
  LoginThrottle: LoginThrottleRpc;
  Campaign: CampaignRpc;
}

type ClassOf<K extends keyof Served> = Env[K] extends DurableObjectNamespace<infer C> ? C : never;
/** Fails to compile if a class stops implementing its interface. */
const servedBy: { [K in keyof Served]: ClassOf<K> extends Served[K] ? true : never } = { Conversation: true, Workspace: true, WorkspaceRelay: true, LoginThrottle: true, Campaign: true };
void servedBy;

export function rpcStub<K extends keyof Served>(env: Env, binding: K, name: string): Served[K] {
  const stub: object = env[binding].getByName(name);
  const metered = new Proxy(stub, {
    get(target, prop) {
      // Not a thenable: the runtime's stub answers any name with an RPC method, and `await` looks for `then`.
      if (prop === "then") return undefined;
      const value: unknown = Reflect.get(target, prop);
      if (typeof value !== "function" || typeof prop !== "string") return value;
      return (...args: unknown[]) => {
        meterRpc(binding);
        // Called on the stub itself: an RPC method detached from it would try to send its `this` along.
        return (target as Record<string, (...a: unknown[]) => unknown>)[prop]!(...args);
      };
    },
  });
  // The one narrowing from the runtime's stub to the interface, justified by `servedBy`.
  return metered as Served[K];
}
