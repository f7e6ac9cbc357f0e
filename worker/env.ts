// Hono's typing for this Worker: the bindings from wrangler.toml (generated `Env`) and per-request variables.
import type { Actor } from "../shared/model";
import type { Credential } from "./auth/credential";

export type AppEnv = {
  Bindings: Env;
  Variables: {
    /** The authenticated caller, set by `requireActor`. */
    actor: Actor;
    /** How the caller authenticated (session or scoped token), set by `requireActor`. */
    credential: Credential;
  };
};

/** The simulator, the dev seed route and other development aids exist only when this is true. */
export function isDevelopment(env: Env): boolean {
  return env.ENVIRONMENT === "development";
}
