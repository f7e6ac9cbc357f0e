// The demo workspace's knowledge base (seeded by seed.ts; the evaluation set in test/eval asks it questions): an optician's shop with eye exams by appointment and an online shop
// (Óptica Miramar). Used by `npm run eval:ai`, the retrieval tests and the dev seed (the demo workspace shows it).
export interface DemoArticle {
  id: string;
  title: string;
  tags: string[];
  body: string;
}

export const OPTICA_ARTICLES: DemoArticle[] = [
  {
    id: "kb_horario",
    title: "Horario de atención",
    tags: ["horario", "horas"],
    body: "Abrimos de lunes a viernes de 10:00 a 20:00 sin cerrar a mediodía, y los sábados de 10:00 a 14:00. Los domingos la tienda está cerrada, pero puedes comprar en la tienda online a cualquier hora.",
  },
  {
    id: "kb_festivos",
    title: "Días festivos y vacaciones",
    tags: ["festivos", "navidad", "verano"],
    body: "Los días festivos nacionales y locales cerramos. En agosto abrimos solo por las mañanas (10:00 a 14:00). El 24 y el 31 de diciembre cerramos a las 14:00. Si tu festivo no aparece aquí, abrimos en horario normal.",
  },
  {
    id: "kb_ubicacion",
    title: "Dirección y cómo llegar",
    tags: ["direccion", "ubicacion", "mapa"],
    body: "Estamos en la calle Mayor 24, local 2 (frente a la plaza del Mercado). Metro: estación Plaza Mayor, salida 2, a 3 minutos andando. Autobuses 12, 27 y 40 con parada en la misma calle.",
  },
  {
    id: "kb_aparcamiento",
    title: "Aparcamiento",
    tags: ["aparcamiento", "parking", "coche"],
    body: "No tenemos aparcamiento propio. A 100 metros está el parking público del Mercado (abierto 24 horas); si compras en la óptica te sellamos el ticket y la primera hora es gratis.",
  },
  {
    id: "kb_examen_vista",
    title: "Examen de la vista (graduación)",
    tags: ["examen", "graduacion", "revision", "optometrista"],
    body: "El examen visual completo lo hace un óptico-optometrista colegiado y dura unos 30 minutos: agudeza visual, graduación, visión binocular y tensión ocular. Cuesta 25 € y es gratis si te haces las gafas con nosotros.",
  },
  {
    id: "kb_pedir_cita",
    title: "Cómo pedir cita",
    tags: ["cita", "reservar", "agenda"],
    body: "Puedes pedir cita para el examen de la vista o la adaptación de lentillas en la web (miramar.example/cita), llamando al 910 000 111 o escribiéndonos por aquí con el día y la franja que prefieras (mañana o tarde). Sin cita también te atendemos si hay un hueco libre.",
  },
  {
    id: "kb_cancelar_cita",
    title: "Cambiar o cancelar una cita",
    tags: ["cita", "cancelar", "anular", "cambiar cita"],
    body: "Para cambiar o anular una cita avísanos con al menos 24 horas de antelación, por aquí o por teléfono. Cancelar no tiene ningún coste; si no vienes sin avisar dos veces, te pediremos confirmar las siguientes citas.",
  },
  {
    id: "kb_precio_gafas",
    title: "Precio de las gafas graduadas",
    tags: ["precios", "gafas", "monturas", "cristales"],
    body: "Las gafas graduadas completas (montura + cristales monofocales antirreflejantes) van desde 79 €. Las monturas de marca cuestan entre 90 € y 250 €, y los cristales con filtro de luz azul suman 30 €. Te damos presupuesto cerrado antes de encargar nada.",
  },
  {
    id: "kb_lentillas",
    title: "Lentes de contacto: tipos y precios",
    tags: ["lentillas", "lentes de contacto", "diarias", "mensuales"],
    body: "Trabajamos lentillas diarias (desde 25 € la caja de 30), mensuales (desde 18 € la caja de 3 meses por ojo), tóricas para astigmatismo y multifocales. El líquido de mantenimiento cuesta 9 € el bote de 360 ml.",
  },
  {
    id: "kb_adaptacion",
    title: "Primera adaptación de lentillas",
    tags: ["lentillas", "adaptacion", "prueba"],
    body: "Si nunca has usado lentillas hacemos una adaptación: medimos la córnea, te enseñamos a ponerlas y quitarlas y te llevas unas de prueba una semana. La adaptación cuesta 30 € y se descuenta de tu primera compra de lentillas.",
  },
  {
    id: "kb_gafas_sol",
    title: "Gafas de sol graduadas",
    tags: ["gafas de sol", "sol", "polarizadas"],
    body: "Cualquier montura de sol se puede graduar. Los cristales de sol graduados con filtro UV 400 cuestan desde 60 € el par, y polarizados desde 95 €. También tenemos clips de sol para tus gafas actuales.",
  },
  {
    id: "kb_progresivos",
    title: "Lentes progresivas (multifocales)",
    tags: ["progresivas", "multifocales", "vista cansada", "presbicia"],
    body: "Las lentes progresivas sirven para ver de lejos, a media distancia y de cerca con las mismas gafas, ideales para la vista cansada. Van desde 190 € el par. Si no te adaptas en un mes, te las cambiamos por otro diseño sin coste.",
  },
  {
    id: "kb_plazo_gafas",
    title: "Cuánto tardan las gafas en estar listas",
    tags: ["plazo", "listas", "fabricacion", "tiempo"],
    body: "Las gafas con cristales de stock están listas en 2 o 3 días laborables. Los cristales progresivos o con graduaciones altas tardan de 7 a 10 días. Te avisamos por WhatsApp cuando puedes pasar a recogerlas.",
  },
  {
    id: "kb_envios",
    title: "Envíos a domicilio",
    tags: ["envios", "entrega", "domicilio", "mensajeria"],
    body: "Enviamos lentillas, líquidos, gafas de sol y accesorios a toda la península en 24-48 horas laborables, y a Baleares y Canarias en 3-5 días. Las gafas graduadas se recogen en tienda porque hay que ajustarlas. No hacemos envíos fuera de España.",
  },
  {
    id: "kb_coste_envio",
    title: "Coste del envío",
    tags: ["envio gratis", "gastos de envio", "coste"],
    body: "El envío cuesta 4,95 € y es gratis en pedidos de más de 50 €. A Baleares y Canarias cuesta 9,95 €. La recogida en tienda es siempre gratis.",
  },
  {
    id: "kb_devoluciones",
    title: "Devoluciones y reembolsos",
    tags: ["devolucion", "reembolso", "desistimiento"],
    body: "Tienes 30 días desde la compra para devolver productos sin usar y en su caja original (las cajas de lentillas, sin abrir). Te devolvemos el dinero por el mismo medio de pago en un máximo de 14 días desde que recibimos el producto. Las gafas graduadas hechas a medida no se pueden devolver, pero tienen garantía de adaptación.",
  },
  {
    id: "kb_cambios",
    title: "Cambio de montura o de producto",
    tags: ["cambio", "cambiar", "montura"],
    body: "Si la montura no te convence puedes cambiarla por otra en los 15 días siguientes a la entrega, pagando o recuperando la diferencia de precio. Los cristales graduados se vuelven a tallar sin coste si cambia tu graduación en los 3 meses siguientes.",
  },
  {
    id: "kb_garantia",
    title: "Garantía",
    tags: ["garantia", "defecto", "rotura"],
    body: "Todas las monturas y cristales tienen 2 años de garantía contra defectos de fabricación. La garantía no cubre golpes, arañazos por mal uso ni pérdidas. Guarda el ticket o la factura: la necesitamos para tramitarla.",
  },
  {
    id: "kb_reparaciones",
    title: "Reparaciones y ajustes",
    tags: ["reparacion", "arreglo", "ajuste", "tornillo", "plaquetas"],
    body: "Ajustar las gafas, cambiar plaquetas o tornillos es gratis, aunque no las hayas comprado aquí. Las soldaduras y varillas nuevas se presupuestan (desde 15 €) y tardan unos 5 días.",
  },
  {
    id: "kb_formas_pago",
    title: "Formas de pago",
    tags: ["pago", "tarjeta", "efectivo", "bizum"],
    body: "Aceptamos efectivo, tarjeta de débito y crédito (Visa, Mastercard, American Express), Bizum y pago con el móvil. En la tienda online se paga con tarjeta o PayPal.",
  },
  {
    id: "kb_financiacion",
    title: "Pago a plazos y financiación",
    tags: ["plazos", "financiacion", "cuotas", "meses sin intereses"],
    body: "Puedes pagar compras de más de 150 € en 3, 6 o 12 cuotas sin intereses con tarjeta o con nuestra financiera (solo necesitas DNI y una cuenta bancaria). La aprobación tarda unos minutos en tienda.",
  },
  {
    id: "kb_seguros",
    title: "Seguros médicos y mutuas",
    tags: ["seguro", "mutua", "aseguradora", "sanitas", "adeslas"],
    body: "Tenemos convenio con Sanitas, Adeslas, DKV y Asisa: 20 % de descuento en gafas y lentillas presentando la tarjeta del seguro. No hace falta autorización previa. Si tu seguro reembolsa gastos ópticos, te damos la factura detallada.",
  },
  {
    id: "kb_factura",
    title: "Pedir factura",
    tags: ["factura", "facturacion", "empresa", "nif"],
    body: "Si necesitas factura a tu nombre o al de tu empresa, dinos el nombre fiscal, el NIF y la dirección al pagar. Si ya compraste, puedes pedirla en los 3 meses siguientes con el ticket de compra.",
  },
  {
    id: "kb_ninos",
    title: "Revisión de la vista para niños",
    tags: ["niños", "infantil", "pediatrico", "colegio"],
    body: "Revisamos la vista a niños desde los 4 años, con pruebas adaptadas a su edad (dura unos 40 minutos). Recomendamos una revisión al empezar el colegio y después una al año. Las monturas infantiles son flexibles y tienen un año de garantía contra roturas.",
  },
  {
    id: "kb_promociones",
    title: "Promociones y descuentos",
    tags: ["promocion", "oferta", "descuento", "2x1"],
    body: "Ahora mismo: segunda gafa graduada a mitad de precio (la de menor importe), 10 % para estudiantes y mayores de 65 años con acreditación, y 15 % en la primera compra online con el código HOLA15. Las promociones no se acumulan entre sí.",
  },
  {
    id: "kb_tienda_online",
    title: "Comprar en la tienda online",
    tags: ["online", "web", "comprar"],
    body: "En miramar.example puedes comprar lentillas, líquidos, gafas de sol y accesorios. Para lentillas te pedimos la graduación de una revisión de los últimos 12 meses. Recibirás un correo con el seguimiento cuando salga el paquete.",
  },
  {
    id: "kb_recoger",
    title: "Recoger en tienda",
    tags: ["recoger", "recogida", "click and collect"],
    body: "Si compras online puedes elegir recoger en tienda gratis: te avisamos cuando esté listo (normalmente el mismo día) y lo guardamos 15 días. Trae el número de pedido o el DNI.",
  },
  {
    id: "kb_limpieza",
    title: "Cuidado y limpieza de gafas y lentillas",
    tags: ["limpiar", "limpieza", "cuidado", "gamuza"],
    body: "Limpia los cristales con agua y jabón neutro o con spray limpiador y sécalos con la gamuza, nunca con papel. Las lentillas mensuales se guardan cada noche en líquido nuevo y el estuche se cambia cada mes. No duermas con lentillas si no son de uso prolongado.",
  },
  {
    id: "kb_receta_externa",
    title: "Traer la graduación de otro oftalmólogo",
    tags: ["receta", "graduacion", "oftalmologo"],
    body: "Sí, hacemos gafas con la graduación de tu oftalmólogo: trae la receta (de menos de un año). Igualmente comprobamos la graduación gratis antes de encargar los cristales.",
  },
  {
    id: "kb_contacto",
    title: "Teléfono, correo y redes",
    tags: ["contacto", "telefono", "email", "instagram"],
    body: "Teléfono: 910 000 111 (en horario de tienda). Correo: hola@miramar.example. Instagram: @opticamiramar. Por este WhatsApp te respondemos todos los días; fuera de horario responde nuestro asistente.",
  },
];
