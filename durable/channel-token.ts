// A number's Graph API access token from its token ref: either the name of a Worker secret (`WA_ACCESS_TOKEN`, the
// first deploys' way) or `sealed:<text>` — the token sealed with DATA_KEY (shared/secret-box.ts), as numbers added
// from the channels screen keep it in D1. The ref travels with every delivery, so no D1 read is needed to send.
import { open } from "../shared/secret-box";

export const SEALED_TOKEN_PREFIX = "sealed:";

/** The ref a channel whose token is kept sealed in D1 hands to conversations and campaigns. */
export const sealedTokenRef = (sealed: string): string => `${SEALED_TOKEN_PREFIX}${sealed}`;

// Opening costs an AES-GCM decrypt; the same ref is used for every send of a number, so keep a few in memory.
const MAX_OPENED = 64;
const opened = new Map<string, string>();

/** The plain token, or "" when the secret is missing or the sealed text does not open (Meta then answers 401). */
export async function accessTokenOf(env: Pick<Env, "DATA_KEY">, tokenRef: string): Promise<string> {
  if (!tokenRef.startsWith(SEALED_TOKEN_PREFIX)) {
    const token: unknown = Reflect.get(env, tokenRef);
    return typeof token === "string" ? token : "";
  }
  const hit = opened.get(tokenRef);
  if (hit !== undefined) return hit;
  const plain = await open(env.DATA_KEY, tokenRef.slice(SEALED_TOKEN_PREFIX.length));
  if (plain === null) return "";
  if (opened.size >= MAX_OPENED) opened.delete(opened.keys().next().value!);
  opened.set(tokenRef, plain);
  return plain;
}

/** The ref of a channels row: its sealed token when it has one, else the secret its token_ref names. */
export const tokenRefOf = (row: { tokenRef: string; accessTokenEnc: string | null }): string =>
  row.accessTokenEnc ? sealedTokenRef(row.accessTokenEnc) : row.tokenRef;
