// What each figure of the reports means, shown next to it in the product (Spanish first) and copied into
// docs/api.md §15. Plain data, no zod: the reports page imports it without the API's schemas.
export type MetricKey = "firstResponse" | "firstResponseFromAssignment" | "nextReply" | "resolution" | "created" | "resolved" | "reopened" | "messagesIn" | "messagesOut" | "botAnswered" | "handoffs" | "csat" | "csatRate" | "sla";

/** What each figure means, shown on hover in the reports page (Spanish first) and copied into docs/api.md. */
export const METRIC_DEFINITIONS: Record<MetricKey, { es: string; en: string }> = {
  firstResponse: {
    es: "Desde el primer mensaje del cliente en el ciclo (hora de WhatsApp) hasta la primera respuesta de una persona. Si el asistente atendía, cuenta desde que pasó la conversación al equipo. Se atribuye a quien respondió.",
    en: "From the customer's first message of the cycle (WhatsApp's time) to a person's first reply. If the assistant had it, from its handoff. Credited to whoever replied.",
  },
  firstResponseFromAssignment: {
    es: "La misma primera respuesta, medida desde la primera asignación a una persona en el ciclo.",
    en: "The same first reply, measured from the cycle's first assignment to a person.",
  },
  nextReply: {
    es: "Cada vez que el cliente espera tras una respuesta: desde su mensaje hasta la siguiente respuesta de una persona.",
    en: "Every later wait: from the customer's message to a person's next reply.",
  },
  resolution: {
    es: "Tiempo abierto de cada ciclo hasta resolverse: sin el tiempo pospuesto ni el tiempo con el asistente. Una reapertura es un ciclo nuevo. Se atribuye a quien resolvió.",
    en: "Open time of each cycle until resolved, without snoozed or assistant-owned time. A reopen starts a new cycle. Credited to whoever resolved.",
  },
  created: { es: "Conversaciones nuevas en el periodo.", en: "New conversations in the range." },
  resolved: { es: "Resoluciones en el periodo (un ciclo reabierto después sigue contando).", en: "Resolutions in the range (a later reopen does not remove them)." },
  reopened: { es: "Conversaciones resueltas o pospuestas que volvieron a abrirse.", en: "Resolved conversations that opened again." },
  messagesIn: { es: "Mensajes de clientes.", en: "Customer messages." },
  messagesOut: { es: "Mensajes enviados a clientes (personas y asistente; sin notas internas).", en: "Messages sent to customers (people and assistant; no internal notes)." },
  botAnswered: { es: "Respuestas del asistente IA.", en: "Answers by the AI assistant." },
  handoffs: { es: "Veces que el asistente pasó una conversación al equipo.", en: "Times the assistant handed a conversation to people." },
  csat: {
    es: "Media de las valoraciones (1–5; Bien = 5, Regular = 3, Mal = 1) y porcentaje de 4–5.",
    en: "Mean rating (1–5; Good = 5, Okay = 3, Bad = 1) and share of 4–5.",
  },
  csatRate: { es: "Encuestas respondidas ÷ encuestas enviadas.", en: "Surveys answered ÷ surveys sent." },
  sla: { es: "Objetivos de servicio incumplidos (primera respuesta, siguiente respuesta, resolución).", en: "Service targets missed (first response, next response, resolution)." },
};
