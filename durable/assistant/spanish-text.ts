// Spanish text as WhatsApp customers write it, reduced to comparable terms: no accents or case, chat shorthand
// expanded, regional variants folded onto one word, a light stemmer for plural/gender/verb endings, character
// n-grams for typos. Pure; the knowledge index, the intent rules and the eval use it.

/** Lowercase, accents and punctuation gone, letter floods shortened ("holaaa" → "hola"), ñ kept as n. */
export function normalize(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/(\p{L})\1{2,}/gu, "$1")
    .trim();
}

/** Chat shorthand seen in WhatsApp Spanish, expanded before anything else looks at the words. */
const SHORTHAND: Record<string, string> = {
  q: "que", k: "que", ke: "que", xq: "porque", pq: "porque", porq: "porque", x: "por", xa: "para", pa: "para",
  tb: "tambien", tmb: "tambien", tbn: "tambien", d: "de", dnd: "donde", dde: "donde", cdo: "cuando", qdo: "cuando",
  info: "informacion", porfa: "favor", porfis: "favor", pls: "favor", plis: "favor", msj: "mensaje", msg: "mensaje",
  tel: "telefono", cel: "celular", whats: "whatsapp", wasap: "whatsapp", wsp: "whatsapp", wpp: "whatsapp",
  hrs: "horas", hr: "hora", hs: "horas", min: "minutos", seg: "segundos", kg: "kilos", aprox: "aproximadamente",
  xfa: "favor", xfavor: "favor", ud: "usted", uds: "ustedes", vdd: "verdad", ntp: "tranquilo", tqm: "gracias",
  grax: "gracias", grcs: "gracias", gcs: "gracias", mñn: "manana", mnn: "manana", sta: "esta", stan: "estan",
  toy: "estoy", tamos: "estamos", nd: "nada", ns: "no sabe", bn: "bien", hla: "hola", ola: "hola", wenas: "buenas",
  wenos: "buenos", bno: "bueno", sip: "si", nop: "no", okey: "ok", oki: "ok", okis: "ok", dale: "ok", vale: "ok",
};

/** Words that carry no topic. Question words are NOT here: "dónde", "cuánto", "cuándo" say what is asked. */
const STOPWORDS = new Set(
  (
    "a al algo algun alguna alguno algunos ante antes aqui asi aun bien bueno buena buenas buenos como con contra cual cuales de del " +
    "desde el ella ellos en entonces era eres es esa ese eso esta estan estas este esto estoy estamos fue gracias ha han hay hola " +
    "hasta la las le les lo los me mas mi mis mucho muy nada ni no nos nosotros o os otra otro para pero poco por porque puede puedo " +
    "pueden puedes podes podria podrian quiero quisiera queria querria queres quieres que quien se sea ser si sin sobre su sus " +
    "tambien tan tanto te tengo tenes tienes tiene tienen tenemos ti tu tus un una uno unos unas usted ustedes vos y ya yo " +
    "favor ok dias tardes noches saludos saludo dia tarde noche disculpa disculpe perdon oye oiga mira hey che buen " +
    "necesito necesitaria saber preguntar pregunta consulta consultar duda dudas informacion ayuda ayudar ayudame ayudan me " +
    "seria hacer hacen hago haces hacemos ver estaba estaria gustaria encantaria alguien algo cosa cosas eh ah este senor senora senorita " +
    "vale ahi alli aca alla ahora hoy igual entonces pues osea tipo re bastante mismo misma le lo la cuanto cuanta cuantos cuantas jaja jajaja jeje jiji xd xfa mmm eh aja " +
    "soy somos llamo nombre vivo vive vivimos hablo hablaron dijo dijeron recomendo recomendaron vi visto conoci escribo escribe"
  ).split(/\s+/),
);

/**
 * Regional and everyday variants folded onto one word (after normalisation, before stemming). General Spanish
 * across Spain, Mexico, the River Plate, the Andes and the Caribbean; not any one business's vocabulary.
 */
const VARIANT_GROUPS: string[][] = [
  ["celular", "movil", "moviles", "celulares", "telefono", "telefonos", "fono", "smartphone"],
  ["coche", "carro", "auto", "automovil", "coches", "carros", "autos", "vehiculo", "vehiculos"],
  ["ordenador", "computadora", "computador", "compu", "pc", "laptop", "portatil", "notebook"],
  ["dinero", "plata", "lana", "pasta", "guita", "feria"],
  ["precio", "precios", "costo", "costos", "coste", "costes", "tarifa", "tarifas", "valor", "cuesta", "cuestan", "vale", "valen", "cobran", "cobrais", "sale", "salen", "importe", "arancel"],
  ["envio", "envios", "enviar", "envian", "enviais", "envias", "mandar", "mandan", "mandais", "despacho", "despachan", "despachos", "delivery", "reparto", "repartos", "domicilio", "domicilios", "mensajeria", "paqueteria"],
  ["devolucion", "devoluciones", "devolver", "devuelven", "devuelvo", "reembolso", "reembolsos", "reintegro", "regresar", "retornar"],
  ["cita", "citas", "turno", "turnos", "reserva", "reservas", "reservar", "agendar", "agenda", "agendo"],
  ["horario", "horarios", "abren", "abris", "abrir", "abierto", "abiertos", "cierran", "cerrais", "cierra", "abre", "atienden", "atendeis", "atencion"],
  ["direccion", "ubicacion", "ubicados", "ubicado", "ubican", "donde", "localizacion", "queda", "quedan", "estais", "sucursal", "sucursales"],
  ["factura", "facturas", "comprobante", "comprobantes", "recibo", "recibos", "boleta", "boletas", "ticket", "tickets", "facturacion", "cfdi", "nif", "rfc", "cuit"],
  ["talla", "tallas", "talle", "talles", "tamano", "tamanos", "medida", "medidas"],
  ["camiseta", "camisetas", "remera", "remeras", "playera", "playeras", "polera", "poleras", "franela"],
  ["zapatillas", "tenis", "championes", "deportivas", "zapatos", "calzado"],
  ["gafas", "lentes", "anteojos", "espejuelos"],
  ["descuento", "descuentos", "promocion", "promociones", "promo", "promos", "oferta", "ofertas", "rebaja", "rebajas", "cupon", "cupones"],
  ["efectivo", "cash", "contado", "billete", "billetes"],
  ["tarjeta", "tarjetas", "credito", "debito", "visa", "mastercard", "amex"],
  ["transferencia", "transferencias", "bizum", "spei", "deposito", "depositos", "mercadopago", "yape", "nequi", "sinpe"],
  ["pagar", "pago", "pagos", "abonar", "abono", "pagan"],
  ["estacionamiento", "aparcamiento", "parking", "parqueo", "parqueadero", "cochera", "aparcar", "estacionar", "parquear"],
  ["autobus", "colectivo", "bus", "camion", "guagua", "micro", "metro", "subte", "transporte"],
  ["dentista", "odontologo", "odontologa", "odontologia", "dental", "dientes", "muela", "muelas"],
  ["nino", "ninos", "nina", "ninas", "hijo", "hijos", "hija", "hijas", "chico", "chicos", "pibe", "pibes", "chaval", "chavales", "chamaco", "chamacos", "bebe", "bebes", "pediatria", "pediatra", "infantil", "menores", "menor"],
  ["recoger", "recogida", "retirar", "retiro", "pickup"],
  ["cancelar", "cancelacion", "anular", "anulacion", "desistir", "baja"],
  ["correo", "email", "mail", "emails", "mails", "correos"],
  ["garantia", "garantias"],
  ["seguro", "seguros", "mutua", "mutuas", "aseguradora", "aseguradoras", "isapre", "obra", "prepaga", "eps", "sanitas", "adeslas"],
  ["cambio", "cambios", "cambiar", "canjear", "canje"],
  ["pedido", "pedidos", "orden", "ordenes", "compra", "compras", "encargo", "encargos", "comprar", "ordenar"],
  ["stock", "disponible", "disponibles", "disponibilidad", "existencias"],
  ["tarda", "tardan", "demora", "demoran", "demorais", "tardais", "plazo", "plazos", "rapido", "llega", "llegan", "llegue", "lleguen", "demorar", "tardar"],
  ["festivo", "festivos", "feriado", "feriados", "puente"],
  ["vacuna", "vacunas", "vacunacion", "vacunar"],
  ["analisis", "analitica", "analiticas", "laboratorio", "examen", "examenes", "estudio", "estudios", "sangre"],
  ["receta", "recetas", "prescripcion", "medicamento", "medicamentos", "medicina", "medicinas", "remedio", "remedios"],
  ["wifi", "wi"],
  ["online", "internet", "web", "pagina", "website", "app", "aplicacion"],
  ["oftalmologo", "oftalmologa", "oftalmologos", "oculista", "oculistas", "oftalmologia"],
  ["montura", "monturas", "armazon", "armazones", "marco", "marcos"],
  ["financiacion", "financiar", "financian", "financiais", "financiamiento", "financiera", "financiado", "cuotas", "mensualidades", "msi"],
];

// A word in several groups keeps the first group it appears in (lists above are ordered by how specific they are).
const VARIANTS = new Map<string, string>();
for (const group of VARIANT_GROUPS) for (const w of group) if (!VARIANTS.has(w)) VARIANTS.set(w, group[0]!);

/** Voseo and vosotros forms that differ from the tú forms only in the ending the stemmer leaves alone. */
const VERB_FORMS: Record<string, string> = {
  tenes: "tienes", podes: "puedes", queres: "quieres", sabes: "sabes", haces: "haces", venis: "vienes", vendes: "vendes",
  aceptan: "aceptar", aceptais: "aceptar", aceptas: "aceptar", acepta: "aceptar", aceptamos: "aceptar",
};

const SUFFIXES = [
  "arian", "erian", "irian", "ariais", "amientos", "imientos", "aciones", "iciones", "amiento", "imiento", "uciones", "adoras", "adores", "ancias", "encias",
  "acion", "icion", "ucion", "adora", "ador", "ancia", "encia", "mente", "ando", "iendo", "aron", "ieron", "ariamos",
  "amos", "emos", "imos", "aban", "aria", "eria", "iria", "ados", "idos", "adas", "idas", "ado", "ido", "ada", "ida",
  "ais", "eis", "ian", "an", "en", "ar", "er", "ir", "as", "es", "os", "a", "e", "o", "s",
];

/**
 * A light Spanish stemmer: strips one plural/gender/verb ending, keeping at least three letters, then folds the
 * stem-changing diphthongs (ue → o, ie → e) so "prueba"/"probar", "duermo"/"dormir", "cierran"/"cerrar" meet.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /^\d+$/.test(word)) return word;
  for (const suffix of SUFFIXES) {
    if (word.endsWith(suffix) && word.length - suffix.length >= 3) return foldDiphthongs(word.slice(0, -suffix.length));
  }
  return foldDiphthongs(word);
}

function foldDiphthongs(stem: string): string {
  return stem.replace(/ue/g, "o").replace(/ie/g, "e");
}

/**
 * Variants by stem, for conjugations and derivations the lists do not spell out ("costarían" → "cost" → precio).
 * Built from the lists themselves; stems shorter than four letters are too ambiguous to fold.
 */
const STEM_VARIANTS = new Map<string, string>();
for (const group of VARIANT_GROUPS) {
  for (const w of group) {
    const s = stem(w);
    if (s.length >= 4 && !STEM_VARIANTS.has(s) && !VARIANTS.has(s)) STEM_VARIANTS.set(s, stem(group[0]!));
  }
}

/**
 * Pronouns glued to an infinitive or gerund ("repararla", "ponérmelas", "enviándolo") come off, so the verb meets
 * its other forms. Seven letters at least, so "parte" or "suerte" are never taken apart.
 */
export function dropEnclitics(word: string): string {
  if (word.length < 7) return word;
  // "te", "se" and "os" alone are left on: "comparte", "reparte" are verbs in their own right.
  const m = /^(.{3,}?(?:ar|er|ir|ando|iendo))(?:(?:me|te|se|nos|os)(?:lo|la|los|las|le|les)|me|nos|lo|la|los|las|le|les)$/.exec(word);
  return m && m[1] !== word ? m[1]! : word;
}

/** The canonical form of one normalised word, before stemming: shorthand, voseo and regional variants folded. */
export function canonicalWord(word: string): string {
  const expanded = dropEnclitics(SHORTHAND[word] ?? word);
  const verb = VERB_FORMS[expanded] ?? expanded;
  return VARIANTS.get(verb) ?? VARIANTS.get(singular(verb)) ?? verb;
}

function singular(word: string): string {
  if (word.length > 4 && /[^aeiou]es$/.test(word)) return word.slice(0, -2);
  if (word.length > 3 && word.endsWith("s")) return word.slice(0, -1);
  return word;
}

export function isStopword(word: string): boolean {
  return STOPWORDS.has(word);
}

/** Normalised words of a text, shorthand expanded (stopwords kept: intent rules read whole phrases). */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const w of normalize(text).split(" ")) {
    if (!w) continue;
    const expanded = SHORTHAND[w] ?? w;
    out.push(...expanded.split(" "));
  }
  return out;
}

/** The searchable terms of a text: words without stopwords, variants folded, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const w of words(text)) {
    if (STOPWORDS.has(w) && !VARIANTS.has(w)) continue;
    const canonical = canonicalWord(w);
    if (STOPWORDS.has(canonical) && !VARIANTS.has(w)) continue;
    // Two letters carry no topic ("vi", "yo") unless they are a number or a known variant ("pc").
    if (canonical.length <= 2 && !/^\d+$/.test(canonical) && !VARIANTS.has(w)) continue;
    const stemmed = stem(canonical);
    out.push(canonical === w ? (STEM_VARIANTS.get(stemmed) ?? stemmed) : stemmed);
  }
  return out;
}

/** Character n-grams of a word padded with spaces, so "envio" and its typo "evnio" share most of them. */
export function charNgrams(word: string, n = 3): string[] {
  const padded = ` ${word} `;
  if (padded.length <= n) return [padded];
  const grams: string[] = [];
  for (let i = 0; i + n <= padded.length; i++) grams.push(padded.slice(i, i + n));
  return grams;
}

/** Dice similarity of two words' trigram sets (1 = same trigrams). */
export function ngramSimilarity(a: string, b: string): number {
  const ga = new Set(charNgrams(a));
  const gb = new Set(charNgrams(b));
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return (2 * shared) / (ga.size + gb.size);
}

/** Optimal string alignment distance (Damerau–Levenshtein with adjacent swaps), stopping early past `max`. */
export function editDistance(a: string, b: string, max = 2): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  const rows: number[][] = [];
  for (let i = 0; i <= a.length; i++) rows.push([i]);
  for (let j = 1; j <= b.length; j++) rows[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    let best = Infinity;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(rows[i - 1]![j]! + 1, rows[i]![j - 1]! + 1, rows[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) v = Math.min(v, rows[i - 2]![j - 2]! + 1);
      rows[i]![j] = v;
      best = Math.min(best, v);
    }
    if (best > max) return max + 1;
  }
  return rows[a.length]![b.length]!;
}
