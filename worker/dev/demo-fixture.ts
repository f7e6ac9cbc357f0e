// The fixed development fixture (README and .dev.vars.example document the same values). Seeding and the Graph
// simulator both read it, so the simulator "knows" the same number and approved templates as the dev database.
import type { Role } from "../../shared/model";

export const DEMO_WORKSPACE = { id: "ws_demo", name: "Demo", timezone: "Europe/Madrid", locale: "es" } as const;

export const DEMO_CHANNEL = {
  id: "ch_demo_wa",
  name: "WhatsApp Demo",
  phoneNumberId: "109876543210001",
  displayNumber: "+34 911 000 001",
  wabaId: "209876543210001",
  tokenRef: "WA_ACCESS_TOKEN",
  /** TIER_100K: the demo number may reach 100,000 customers a day, so a 10,000-recipient campaign runs whole. */
  messagingLimit: 100_000,
} as const;

export const DEMO_PASSWORD = "demo1234";

export const DEMO_PEOPLE: ReadonlyArray<{ id: string; email: string; name: string; role: Role }> = [
  { id: "ag_admin", email: "admin@demo.test", name: "Admin Demo", role: "admin" },
  { id: "ag_sofia", email: "sofia@demo.test", name: "Sofía Martín", role: "supervisor" },
  { id: "ag_ana", email: "ana@demo.test", name: "Ana López", role: "agent" },
  { id: "ag_bruno", email: "bruno@demo.test", name: "Bruno Díaz", role: "agent" },
  { id: "ag_carla", email: "carla@demo.test", name: "Carla Ruiz", role: "agent" },
];

/** A template of the demo number as the dev database and the Graph simulator both hold it. */
export interface DemoTemplate {
  /** The dev database's id. */
  id: string;
  /** Meta's template id (numeric string): the simulator's template store uses it. */
  metaId: string;
  name: string;
  language: string;
  category: "MARKETING" | "UTILITY" | "AUTHENTICATION";
  header: string | null;
  body: string;
  headerParams: number;
  bodyParams: number;
  /** Meta's components, as GET /{waba}/message_templates lists them. */
  components: Array<Record<string, unknown> & { type: string }>;
}

const bodyOnly = (text: string, examples: string[]) => [{ type: "BODY", text, ...(examples.length ? { example: { body_text: [examples] } } : {}) }];

/** Approved templates of the demo number (the simulator's template store starts with exactly these). */
export const DEMO_TEMPLATES: ReadonlyArray<DemoTemplate> = [
  {
    id: "tpl_seguimiento_es",
    metaId: "1000000000000001",
    name: "seguimiento_pedido",
    language: "es",
    category: "UTILITY",
    header: null,
    body: "Hola {{1}}, te escribimos por tu pedido {{2}}. ¿Podemos ayudarte en algo más?",
    headerParams: 0,
    bodyParams: 2,
    components: bodyOnly("Hola {{1}}, te escribimos por tu pedido {{2}}. ¿Podemos ayudarte en algo más?", ["Lucía", "4521"]),
  },
  {
    id: "tpl_recordatorio_es",
    metaId: "1000000000000002",
    name: "recordatorio_cita",
    language: "es",
    category: "UTILITY",
    header: null,
    body: "Hola {{1}}, te recordamos tu cita del {{2}} a las {{3}}. Responde SÍ para confirmar.",
    headerParams: 0,
    bodyParams: 3,
    components: bodyOnly("Hola {{1}}, te recordamos tu cita del {{2}} a las {{3}}. Responde SÍ para confirmar.", ["Lucía", "lunes 3", "10:30"]),
  },
  {
    id: "tpl_reabrir_es",
    metaId: "1000000000000003",
    name: "retomar_conversacion",
    language: "es",
    category: "UTILITY",
    header: null,
    body: "Hola, soy del equipo de Demo. ¿Seguimos con tu consulta?",
    headerParams: 0,
    bodyParams: 0,
    components: bodyOnly("Hola, soy del equipo de Demo. ¿Seguimos con tu consulta?", []),
  },
  {
    id: "tpl_followup_en",
    metaId: "1000000000000004",
    name: "order_follow_up",
    language: "en_US",
    category: "UTILITY",
    header: null,
    body: "Hi {{1}}, this is about your order {{2}}. Can we help with anything else?",
    headerParams: 0,
    bodyParams: 2,
    components: bodyOnly("Hi {{1}}, this is about your order {{2}}. Can we help with anything else?", ["Lucy", "4521"]),
  },
];
