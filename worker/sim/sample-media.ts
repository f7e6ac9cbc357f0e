// Tiny but real files for simulated customer media (JPEG, PNG, WebP, OGG/Opus, MP4, PDF), built in code so
// the repo holds no binaries. The inbound generator stores them when a test sends media without an id.

const ascii = (s: string): number[] => [...s].map((c) => c.charCodeAt(0));
const u16 = (n: number): number[] => [(n >> 8) & 0xff, n & 0xff];
const u32 = (n: number): number[] => [(n >>> 24) & 0xff, (n >>> 16) & 0xff, (n >>> 8) & 0xff, n & 0xff];
const u16le = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff];
const u32le = (n: number): number[] => [n & 0xff, (n >>> 8) & 0xff, (n >>> 16) & 0xff, (n >>> 24) & 0xff];
const u64le = (n: number): number[] => [...u32le(n), 0, 0, 0, 0];

function crcTable(poly: number, reflected: boolean): Uint32Array {
  const table = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = reflected ? i : i << 24;
    for (let k = 0; k < 8; k++) {
      c = reflected ? (c & 1 ? poly ^ (c >>> 1) : c >>> 1) : c & 0x80000000 ? (c << 1) ^ poly : c << 1;
    }
    table[i] = c >>> 0;
  }
  return table;
}
const PNG_CRC = crcTable(0xedb88320, true);
const OGG_CRC = crcTable(0x04c11db7, false);

function pngCrc(bytes: number[]): number {
  let c = 0xffffffff;
  for (const b of bytes) c = PNG_CRC[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function oggCrc(bytes: number[]): number {
  let c = 0;
  for (const b of bytes) c = ((c << 8) ^ OGG_CRC[((c >>> 24) ^ b) & 0xff]!) >>> 0;
  return c;
}

/** 1×1 orange RGB PNG; the image data is a "stored" (uncompressed) deflate block. */
function png(): number[] {
  const chunk = (type: string, data: number[]) => {
    const body = [...ascii(type), ...data];
    return [...u32(data.length), ...body, ...u32(pngCrc(body))];
  };
  const raw = [0, 0xf5, 0xa6, 0x23]; // filter byte + one RGB pixel
  let a = 1, b = 0;
  for (const x of raw) (a = (a + x) % 65521), (b = (b + a) % 65521);
  const zlib = [0x78, 0x01, 0x01, ...[raw.length & 0xff, raw.length >> 8], ...[~raw.length & 0xff, (~raw.length >> 8) & 0xff], ...raw, ...u32((b << 16) | a)];
  return [0x89, ...ascii("PNG\r\n\x1a\n"), ...chunk("IHDR", [...u32(1), ...u32(1), 8, 2, 0, 0, 0]), ...chunk("IDAT", zlib), ...chunk("IEND", [])];
}

/** 8×8 mid-grey baseline JPEG: one block whose only coefficient is a zero DC, so each Huffman table needs one code. */
function jpeg(): number[] {
  const segment = (marker: number, data: number[]) => [0xff, marker, ...u16(data.length + 2), ...data];
  const oneCodeTable = (tableClass: number) => [tableClass << 4, 1, ...new Array<number>(15).fill(0), 0x00];
  return [
    0xff, 0xd8,
    ...segment(0xe0, [...ascii("JFIF"), 0, 1, 1, 0, 0, 1, 0, 1, 0, 0]),
    ...segment(0xdb, [0, ...new Array<number>(64).fill(1)]),
    ...segment(0xc0, [8, ...u16(8), ...u16(8), 1, 1, 0x11, 0]),
    ...segment(0xc4, oneCodeTable(0)),
    ...segment(0xc4, oneCodeTable(1)),
    ...segment(0xda, [1, 1, 0x00, 0, 63, 0]),
    0x3f, // DC "0" (difference 0) + AC "0" (end of block), padded with ones
    0xff, 0xd9,
  ];
}

/** 1×1 lossless WebP (the image browsers' feature tests use). */
const WEBP_BASE64 = "UklGRhoAAABXRUJQVlA4TA0AAAAvAAAAEAcQERGIiP4HAA==";

function oggPage(headerType: number, granule: number, sequence: number, packet: number[]): number[] {
  const page = [...ascii("OggS"), 0, headerType, ...u64le(granule), ...u32le(0x436f6c6d), ...u32le(sequence), 0, 0, 0, 0, 1, packet.length, ...packet];
  const crc = u32le(oggCrc(page));
  page.splice(22, 4, ...crc);
  return page;
}

/** Mono Ogg/Opus voice note: OpusHead, OpusTags and one 20 ms silent packet. */
function oggOpus(): number[] {
  const head = [...ascii("OpusHead"), 1, 1, ...u16le(312), ...u32le(48_000), 0, 0, 0];
  const vendor = ascii("colmena-sim");
  const tags = [...ascii("OpusTags"), ...u32le(vendor.length), ...vendor, ...u32le(0)];
  return [...oggPage(0x02, 0, 0, head), ...oggPage(0x00, 0, 1, tags), ...oggPage(0x04, 312 + 960, 2, [0xf8, 0xff, 0xfe])];
}

/** An ISO-BMFF header (ftyp + empty mdat): enough for type sniffing, like a truncated upload. */
function mp4(): number[] {
  const box = (type: string, data: number[]) => [...u32(data.length + 8), ...ascii(type), ...data];
  return [...box("ftyp", [...ascii("isom"), ...u32(0x200), ...ascii("isomiso2avc1mp41")]), ...box("free", []), ...box("mdat", [])];
}

/** A one-page PDF saying "Hola" with a correct xref table. */
function pdf(): number[] {
  const content = "BT /F1 18 Tf 20 40 Td (Hola) Tj ET";
  const objects = [
    "<< /Type /Catalog /Pages 2 0 R >>",
    "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 100] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
    "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
  ];
  let text = "%PDF-1.4\n";
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${o}\nendobj\n`;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, "0")} 00000 n \n`).join("")}`;
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return ascii(text);
}

export interface SampleFile {
  mimeType: string;
  bytes: Uint8Array;
  filename?: string;
}

const base64Bytes = (b64: string) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));

/** The default file a customer "sends" for each media type (Meta's MIME types as they appear in webhooks). */
export function sampleFile(kind: string, mimeOverride?: string): SampleFile | null {
  const make = (): SampleFile | null => {
    switch (kind) {
      case "image":
        return { mimeType: "image/jpeg", bytes: Uint8Array.from(jpeg()) };
      case "sticker":
        return { mimeType: "image/webp", bytes: base64Bytes(WEBP_BASE64) };
      case "audio":
        return { mimeType: "audio/ogg; codecs=opus", bytes: Uint8Array.from(oggOpus()) };
      case "video":
        return { mimeType: "video/mp4", bytes: Uint8Array.from(mp4()) };
      case "document":
        return { mimeType: "application/pdf", bytes: Uint8Array.from(pdf()), filename: "documento.pdf" };
      default:
        return null;
    }
  };
  const file = make();
  if (!file) return null;
  if (mimeOverride === "image/png") return { mimeType: mimeOverride, bytes: Uint8Array.from(png()) };
  return mimeOverride ? { ...file, mimeType: mimeOverride } : file;
}
