// Secrets and optional settings that `wrangler types` cannot see in wrangler.toml (set with `wrangler secret put`
// in production and through .dev.vars locally). Merged into the generated `Env`.
declare namespace Cloudflare {
  interface Env {
    /** Meta app secret: verifies X-Hub-Signature-256 on webhooks. */
    WA_APP_SECRET: string;
    /** The verify token typed in Meta's dashboard for the webhook handshake. */
    WA_VERIFY_TOKEN: string;
    /** Access token of the demo / first channel (channels reference their token secret by name). */
    WA_ACCESS_TOKEN: string;
    /** 32 random bytes in base64 (`openssl rand -base64 32`): seals channel tokens and TOTP seeds kept in D1 (shared/secret-box.ts). */
    DATA_KEY: string;
    /** Typed into the first-run setup page to create the first workspace and admin (`wrangler secret put SETUP_TOKEN`); unset: setup refused. */
    SETUP_TOKEN?: string;
    /** How long a send with an unknown outcome waits for its status webhook before it is sent again (default 2 min). */
    SEND_RECONCILE_MS?: string;
    /** Timeout of one Graph API request (default 15 s). */
    GRAPH_TIMEOUT_MS?: string;
    /** Turns on the assistant's model mode (unset: default mode, nothing leaves the machine). */
    OPENAI_API_KEY?: string;
    /** Any OpenAI-compatible server, e.g. http://localhost:11434/v1 for Ollama (default: OpenAI). */
    OPENAI_BASE_URL?: string;
    /** Quiet time before the bot answers a burst of customer messages (default 3 s; tests shorten it). */
    BOT_QUIET_MS?: string;
    /** The Meta app's id: template samples go through its Resumable Upload API (`/{app-id}/uploads`). Any id works with the simulator. */
    META_APP_ID?: string;
    /** The model name (default gpt-4o-mini). */
    AI_MODEL?: string;
  }
}
