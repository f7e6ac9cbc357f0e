// Placeholder until the Graph API simulator lands.
import { DurableObject } from "cloudflare:workers";
export class GraphSimulator extends DurableObject<Env> {}
