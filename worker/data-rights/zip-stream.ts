// A streaming zip writer (STORE only, no compression): entries are written as they come, each followed by a data
// descriptor with its CRC-32 and size, so an R2 object's body passes straight through without being held in memory.
// Exports are JSON plus media WhatsApp already compressed; client-zip would do the same but is not installed.
// Limits: no Zip64, so the archive and each entry stay under 4 GB (an export refuses more; see contact-export.ts).

export interface ZipEntry {
  name: string;
  /** Text (UTF-8) or a byte stream. */
  data: string | ReadableStream<Uint8Array>;
  modifiedAt?: number;
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(crc: number, bytes: Uint8Array): number {
  let c = ~crc;
  for (let i = 0; i < bytes.length; i++) c = CRC_TABLE[(c ^ bytes[i]!) & 0xff]! ^ (c >>> 8);
  return ~c >>> 0;
}

function dosTime(ms: number): { time: number; date: number } {
  const d = new Date(ms);
  return {
    time: (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1),
    date: ((Math.max(1980, d.getUTCFullYear()) - 1980) << 9) | ((d.getUTCMonth() + 1) << 5) | d.getUTCDate(),
  };
}

function header(size: number, fill: (v: DataView) => void): Uint8Array {
  const bytes = new Uint8Array(size);
  fill(new DataView(bytes.buffer));
  return bytes;
}

/** The archive as a stream; `entries` is pulled one at a time, as the reader consumes the output. */
export function zipStream(entries: AsyncIterable<ZipEntry>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const central: Uint8Array[] = [];
  let offset = 0;
  let count = 0;
  const { readable, writable } = new TransformStream<Uint8Array, Uint8Array>();
  const writer = writable.getWriter();
  const write = async (bytes: Uint8Array) => {
    await writer.write(bytes);
    offset += bytes.length;
    if (offset > 0xffff_ffff) throw new Error("The archive would exceed 4 GB (no Zip64).");
  };
  void (async () => {
    try {
      for await (const entry of entries) {
        const name = encoder.encode(entry.name);
        const { time, date } = dosTime(entry.modifiedAt ?? Date.now());
        const start = offset;
        // Flags: bit 3 (sizes and CRC follow the data), bit 11 (UTF-8 names).
        await write(header(30 + name.length, (v) => {
          v.setUint32(0, 0x04034b50, true); v.setUint16(4, 20, true); v.setUint16(6, 0x0808, true); v.setUint16(8, 0, true);
          v.setUint16(10, time, true); v.setUint16(12, date, true); v.setUint16(26, name.length, true);
          new Uint8Array(v.buffer).set(name, 30);
        }));
        let crc = 0;
        let size = 0;
        const chunks = typeof entry.data === "string" ? [encoder.encode(entry.data)] : entry.data;
        for await (const chunk of chunks) {
          crc = crc32(crc, chunk);
          size += chunk.length;
          await write(chunk);
        }
        await write(header(16, (v) => {
          v.setUint32(0, 0x08074b50, true); v.setUint32(4, crc, true); v.setUint32(8, size, true); v.setUint32(12, size, true);
        }));
        central.push(header(46 + name.length, (v) => {
          v.setUint32(0, 0x02014b50, true); v.setUint16(4, 20, true); v.setUint16(6, 20, true); v.setUint16(8, 0x0808, true);
          v.setUint16(12, time, true); v.setUint16(14, date, true); v.setUint32(16, crc, true); v.setUint32(20, size, true);
          v.setUint32(24, size, true); v.setUint16(28, name.length, true); v.setUint32(42, start, true);
          new Uint8Array(v.buffer).set(name, 46);
        }));
        count++;
      }
      const centralStart = offset;
      for (const record of central) await write(record);
      const centralSize = offset - centralStart;
      await write(header(22, (v) => {
        v.setUint32(0, 0x06054b50, true); v.setUint16(8, count, true); v.setUint16(10, count, true);
        v.setUint32(12, centralSize, true); v.setUint32(16, centralStart, true);
      }));
      await writer.close();
    } catch (err) {
      await writer.abort(err).catch(() => {});
    }
  })();
  return readable;
}
