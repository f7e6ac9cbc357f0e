// Placeholder until the Graph API simulator lands.
import { Hono } from "hono";
import type { AppEnv } from "../env";
export const simRoutes = new Hono<AppEnv>();
