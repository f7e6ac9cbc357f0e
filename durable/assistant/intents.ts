// Intent rules in Spanish that decide, without any model, when a message must go to a person (asks for one,
// complains, is urgent, is about the customer's own records, asks for something unsafe) and when it is only a
// greeting or a thank-you. Written for customers of any business, on normalised text (no accents, any case). Pure.
import { normalize, words } from "./spanish-text";

export type HandoffIntent = "urgent" | "asks_for_person" | "complaint" | "unsafe" | "own_records";
export type SmallTalk = "greeting" | "thanks";

/** Who a customer means by "a person", whatever verb they use. */
const PERSON = "(persona|humano|humana|ser humano|agente|asesor|asesora|operador|operadora|alguien|encargado|encargada|gerente|responsable|recepcionista|representante|supervisor|supervisora|ejecutivo|ejecutiva|empleado|empleada|jefe|dueno|duena)";
/** Staff roles that mean "a person" only after a verb of talking ("quiero cita con el doctor" is a booking). */
const STAFF = "(doctor|doctora|medico|medica|vendedor|vendedora|recepcion|alguien del equipo|soporte|atencion al cliente)";

const RULES: Array<{ intent: HandoffIntent; patterns: RegExp[] }> = [
  {
    intent: "urgent",
    patterns: [
      /\b(urgente|urgentemente|urgencia|urgencias|emergencia|emergencias|ambulancia|auxilio|socorro)\b/,
      /\b(sangr\w*|desmay\w*|inconsciente|infarto|convulsion\w*|convulsiona\w*|envenen\w*|intoxica\w*|ahog\w*|suicid\w*|quemadura\w*|fractura\w*)\b/,
      /\bno (puedo|puede|podemos) respirar\b|\b(me|se) (muero|muere|esta muriendo)\b|\bquitarme la vida\b|\bhacerme dano\b/,
      /\bdolor (muy |super |re )?(fuerte|intenso|insoportable|terrible)\b|\b(fiebre|temperatura) (muy )?alta\b|\baccidente\b|\bgrave\b/,
      /\b(112|911|061|lo antes posible|cuanto antes|asap|de inmediato|inmediatamente)\b/,
    ],
  },
  {
    intent: "asks_for_person",
    patterns: [
      new RegExp(`\\b(hablar|habla|hablo|comunicar|comunicarme|comunicame|comuniqueme|contactar|contactarme|chatear|atienda|atiendan|pasar|pasarme|pasame|pasenme|paseme|pasa|pasas|pasan|pases|pasen|derivar|derivame|transferir|transfiereme|necesito|quiero|quisiera|prefiero|busco|hay)\\b.{0,40}\\b${PERSON}\\b`),
      new RegExp(`\\b(hablar|comunicar|comunicarme|comunicame|contactar|chatear|pasame|pasenme|paseme|derivame|transfiereme)\\b.{0,25}\\b${STAFF}\\b`),
      /\b(bot|robot|maquina|contestadora|automatico|automatica|ia|inteligencia artificial|chatbot|asistente virtual)\b.{0,30}\b(no|basta|harto|harta|deja|dejame)\b|\b(no|basta|harto|harta|deja|dejame)\b.{0,30}\b(bot|robot|maquina|contestadora|chatbot)\b/,
      /\bcon (un |una |el |la |algun |alguna )?(asesor|asesora|agente|operador|operadora|humano|humana|persona|encargado|encargada|representante|supervisor|supervisora|gerente)\b/,
      /\b(eres|sos|es|estoy hablando con) (un |una )?(bot|robot|maquina|persona real|humano)\b/,
      /\b(llamenme|llamame|llameme|me (pueden|puedes|podes|podrian|podria) llamar|me llaman|llamada|devolver la llamada|pueden llamarme)\b/,
      new RegExp(`^(un |una |con (un |una )?)?${PERSON}( (por favor|porfa|ya))?$`),
    ],
  },
  {
    intent: "complaint",
    patterns: [
      /\b(queja|quejas|quejarme|quejar|reclamo|reclamos|reclamar|reclamacion|reclamaciones|denuncia|denunciar|demanda|demandar|abogado|profeco|omic|defensa del consumidor|libro de quejas)\b/,
      /\b(estafa|estafadores|estafaron|fraude|ladrones|robaron|enganaron|enganados|timo|timaron|verguenza|sinverguenzas|pesimo|pesima|pesimos|horrible|terrible|fatal|nefasto|lamentable|inaceptable|incompetentes|indignad\w*|enojad[oa]s?|enfadad[oa]s?|furios[oa]s?|harto|harta|hartos|cansad[oa] de)\b/,
      // "molesta" alone is also a question ("¿les molesta si llevo al perro?"): only a stated mood counts.
      /\b(estoy|estamos|muy|super|re|bastante) (molest[oa]s?|enojad[oa]s?|decepcionad[oa]s?)\b/,
      /\b(mierda|carajo|joder|pendejos?|idiotas?|imbeciles?|inutiles|chingada|chingen|ptm|hdp|malditos?)\b/,
      /\bnadie (me )?(responde|contesta|atiende|ayuda|soluciona)\b|\b(mal|mala|malisimo|malisima) (servicio|atencion|trato)\b|\bno (me )?(sirvio|funciona|funciono|sirve) (para )?nada\b/,
      /\b(me|nos) (cobraron|cobrasteis|cobraste|cobro) (de mas|dos veces|doble|mal)\b|\bcobro (indebido|doble)\b/,
    ],
  },
  {
    intent: "unsafe",
    patterns: [
      /\b(que (medicamento|medicina|pastilla|remedio)|que (me |le )?(tomo|puedo tomar|doy|puedo dar)|dosis|cuantas pastillas|automedic\w*|sin receta|recet(a|e)me|diagnostic\w*|sera grave|es normal que (me|le)|me duele|le duele|tengo (sintomas|fiebre|dolor|una herida))\b/,
      /\b(que|cual|cuales) (gotas|crema|pomada|medicamento|pastilla|antibiotico|jarabe|tratamiento)\b|\b(conjuntivitis|infeccion|infectad\w*|inflamad\w*|hinchad\w*|sintomas?|pus|vomit\w*|mareos?)\b/,
      /\b(contrasena|password|clave de (acceso|la tarjeta)|codigo de verificacion|cvv|pin de)\b/,
      /\b(ignora|olvida|olvidate de) (tus|las|todas las) (instrucciones|reglas|indicaciones)\b|\bprompt\b|\bmodo desarrollador\b/,
      /\b(falsific\w*|factura falsa|receta falsa|certificado falso|sin que se entere|datos de (otro|otra) (cliente|paciente|persona))\b/,
    ],
  },
  {
    intent: "own_records",
    patterns: [
      /\b(mi|mis|nuestra|nuestro|nuestras|nuestros)( \w+)? (cita|citas|turno|turnos|reserva|reservas|resultado|resultados|analisis|analitica|factura|facturas|pedido|pedidos|orden|ordenes|compra|compras|paquete|paquetes|envio|cuenta|saldo|deuda|pago|pagos|reembolso|devolucion|historial|expediente|historia clinica|receta|informe|informes|presupuesto|poliza|contrato|suscripcion|membresia|datos|reclamo|ticket|boleta|recibo|comprobante|tracking|guia|seguimiento|bono|saldo|puntos|cupon|tratamiento|estudios|placas|radiografia|examen|examenes|revision|prueba|pruebas|graduacion|diagnostico)\b/,
      /\b(numero|codigo) de (pedido|orden|seguimiento|rastreo|guia|reserva|cliente|socio|paciente|factura|expediente)\b|\b(tracking|rastrear|rastreo)\b/,
      /\b(no|todavia no|aun no|nunca) (me )?(ha |han |me ha |me han )?(llegado|llego|llega|llegaron|recibi|he recibido)\b/,
      /\b(donde|como) (esta|va|viene) (mi|el|la) (pedido|paquete|envio|orden|compra|reembolso|devolucion)\b/,
      /\b(esta|estan) (listo|lista|listos|listas|preparado|preparada|preparados|preparadas) (mi|mis)\b|\b(mi|mis) \w+ (ya )?(esta|estan) (listo|lista|listos|listas)\b/,
      /\b(cambiar|mover|cancelar|anular|reprogramar|confirmar|adelantar|atrasar|modificar)( \w+)? (la|mi|esa) (cita|turno|reserva|hora)\b/,
      /\btengo (una |la )?(cita|turno|reserva|hora)\b|\bya (pague|pagamos|hice (la|el) (transferencia|pago|deposito)|transferi|deposite)\b/,
      /\b(a nombre de|mi (dni|nie|curp|rut|cedula|documento|pasaporte|telefono es|correo es|email es))\b/,
      /\b\d{7,}\b/,
      // Something the customer already bought, paid or received: only their record can answer it.
      /(?<!\bno )\b(compre|pedi|pague|encargue|contrate|me (vendieron|dieron|entregaron|mandaron|enviaron|cobraron|hicieron el (reembolso|cargo|cobro)))\b/,
    ],
  },
];

/** The first handoff rule a message meets, in order of how much harm waiting would do. */
export function handoffIntent(text: string): HandoffIntent | null {
  const normal = normalize(text);
  for (const rule of RULES) if (rule.patterns.some((p) => p.test(normal))) return rule.intent;
  if (shouting(text)) return "complaint";
  return null;
}

/** All capitals over a real sentence reads as anger on WhatsApp. */
function shouting(text: string): boolean {
  const letters = text.replace(/[^\p{L}]/gu, "");
  if (letters.length < 12) return false;
  const upper = letters.replace(/[^\p{Lu}]/gu, "").length;
  return upper / letters.length > 0.8;
}

const GREETING = new Set(
  "hola holi holis buenas buenos buen dia dias tarde tardes noche noches que tal como estas esta estan saludos hey alo aló hello hi oye oiga disculpe disculpa perdon buenass ey epa quiubo quiubole".split(" "),
);
const THANKS = new Set(
  "gracias muchas muchisimas mil ok okey vale perfecto perfecta genial listo lista dale entendido entiendo de acuerdo super excelente buenisimo buenisima chao chau adios bye hasta luego pronto nos vemos bueno igualmente amable muy usted ustedes tu vos todo bien joya barbaro chevere bacan sale va".split(" "),
);

/** A message that is only a greeting or only thanks/goodbye: the bot greets or closes, nothing to look up. */
export function smallTalk(text: string): SmallTalk | null {
  const list = words(text).filter((w) => w !== "favor");
  if (!list.length) return /\p{Extended_Pictographic}/u.test(text) ? "thanks" : null;
  if (list.every((w) => GREETING.has(w))) return "greeting";
  if (list.some((w) => w.startsWith("gracia") || w === "ok" || w === "listo" || w === "perfecto" || w === "chao" || w === "chau" || w === "adios") && list.every((w) => THANKS.has(w) || GREETING.has(w) || w.startsWith("gracia"))) return "thanks";
  return null;
}
