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

/** Approved templates of the demo number (the simulator accepts exactly these names and languages). */
export const DEMO_TEMPLATES = [
  {
    id: "tpl_seguimiento_es",
    name: "seguimiento_pedido",
    language: "es",
    category: "UTILITY",
    header: null,
    body: "Hola {{1}}, te escribimos por tu pedido {{2}}. ¿Podemos ayudarte en algo más?",
    headerParams: 0,
    bodyParams: 2,
  },
  {
    id: "tpl_recordatorio_es",
    name: "recordatorio_cita",
    language: "es",
    category: "UTILITY",
    header: null,
    body: "Hola {{1}}, te recordamos tu cita del {{2}} a las {{3}}. Responde SÍ para confirmar.",
    headerParams: 0,
    bodyParams: 3,
  },
  {
    id: "tpl_reabrir_es",
    name: "retomar_conversacion",
    language: "es",
    category: "UTILITY",
    header: null,
    body: "Hola, soy del equipo de Demo. ¿Seguimos con tu consulta?",
    headerParams: 0,
    bodyParams: 0,
  },
  {
    id: "tpl_followup_en",
    name: "order_follow_up",
    language: "en_US",
    category: "UTILITY",
    header: null,
    body: "Hi {{1}}, this is about your order {{2}}. Can we help with anything else?",
    headerParams: 0,
    bodyParams: 2,
  },
] as const;
