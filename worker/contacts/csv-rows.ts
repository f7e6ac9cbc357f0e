// CSV as spreadsheets write it, read as a stream: RFC 4180 quoting ("" inside quotes, delimiters and line breaks
// in quoted fields), CRLF, LF or lone CR line ends, a UTF-8 BOM, and the delimiter guessed from the header line
// (Excel in Spanish writes ";", most tools ","; tabs too). Written here rather than taken from a library because
// it is small and the import wants records one await at a time, so D1 writes pace the reading.

export interface CsvRecord {
  /** The spreadsheet row: the header is row 1, and blank lines count (as Excel shows them). */
  row: number;
  fields: string[];
}

const DELIMITERS = [",", ";", "\t", "|"] as const;

/** The delimiter that splits the header line most, counted outside quotes; "," when none does. */
export function detectDelimiter(headerLine: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const ch of headerLine) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ",";
  for (const d of DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** An incremental parser: `push` text as it arrives and take the complete records, `finish` for the last one. */
export class CsvParser {
  private delimiter: string | null;
  private pending = "";
  private started = false;
  private field = "";
  private fields: string[] = [];
  private quoted = false;
  /** The field began with a quote (so `""` is a value, not a blank line). */
  private wasQuoted = false;
  /** A quote closed the field: what follows must be a delimiter, a line end, or a second quote (escaped). */
  private afterQuote = false;
  private skipLf = false;
  private rows = 0;
  /** Set when the text ended inside a quoted field. */
  unterminatedRow: number | null = null;

  constructor(delimiter?: string) {
    this.delimiter = delimiter ?? null;
  }

  get detectedDelimiter(): string | null {
    return this.delimiter;
  }

  push(text: string): CsvRecord[] {
    if (!this.started) {
      this.pending += text;
      if (this.pending.charCodeAt(0) === 0xfeff) this.pending = this.pending.slice(1);
      if (this.delimiter === null) {
        const end = firstLineEnd(this.pending);
        if (end < 0) return [];
        this.delimiter = detectDelimiter(this.pending.slice(0, end));
      }
      this.started = true;
      text = this.pending;
      this.pending = "";
    }
    const out: CsvRecord[] = [];
    this.scan(text, out);
    return out;
  }

  finish(): CsvRecord[] {
    const out: CsvRecord[] = [];
    if (!this.started) {
      if (this.pending.charCodeAt(0) === 0xfeff) this.pending = this.pending.slice(1);
      this.delimiter ??= detectDelimiter(this.pending);
      this.started = true;
      this.scan(this.pending, out);
      this.pending = "";
    }
    if (this.quoted) this.unterminatedRow = this.rows + 1;
    if (this.field !== "" || this.fields.length > 0 || this.wasQuoted) this.endRecord(out);
    return out;
  }

  private scan(text: string, out: CsvRecord[]): void {
    const delimiter = this.delimiter!;
    let i = 0;
    if (this.skipLf && text[0] === "\n") i = 1;
    this.skipLf = false;
    const n = text.length;
    while (i < n) {
      if (this.quoted) {
        const close = text.indexOf('"', i);
        if (close < 0) {
          this.field += text.slice(i);
          return;
        }
        this.field += text.slice(i, close);
        i = close + 1;
        this.quoted = false;
        this.afterQuote = true;
        continue;
      }
      const ch = text[i]!;
      if (this.afterQuote) {
        this.afterQuote = false;
        if (ch === '"') {
          // "" inside a quoted field is one quote; the field goes on.
          this.field += '"';
          this.quoted = true;
          i++;
          continue;
        }
      }
      if (ch === delimiter) {
        this.fields.push(this.field);
        this.field = "";
        this.wasQuoted = false;
        i++;
      } else if (ch === "\n" || ch === "\r") {
        this.endRecord(out);
        i++;
        if (ch === "\r") {
          if (i === n) this.skipLf = true;
          else if (text[i] === "\n") i++;
        }
      } else if (ch === '"' && this.field === "") {
        this.quoted = true;
        this.wasQuoted = true;
        i++;
      } else {
        // Plain text up to the next special character (a stray quote mid-field is kept as it is).
        let j = i + 1;
        while (j < n) {
          const c = text[j]!;
          if (c === delimiter || c === "\n" || c === "\r") break;
          j++;
        }
        this.field += text.slice(i, j);
        i = j;
      }
    }
  }

  private endRecord(out: CsvRecord[]): void {
    this.fields.push(this.field);
    this.rows++;
    const blank = !this.wasQuoted && this.fields.every((f) => f.trim() === "");
    if (!blank) out.push({ row: this.rows, fields: this.fields });
    this.fields = [];
    this.field = "";
    this.wasQuoted = false;
    this.afterQuote = false;
  }
}

/** Index of the first line end outside quotes, or -1. */
function firstLineEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === "\n" || ch === "\r")) return i;
  }
  return -1;
}

/** The records of a text stream, one at a time (the consumer's awaits pace the reading). */
export async function* csvRecords(text: ReadableStream<string>, parser = new CsvParser()): AsyncGenerator<CsvRecord> {
  const reader = text.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      yield* parser.push(value);
    }
    yield* parser.finish();
  } finally {
    reader.releaseLock();
  }
}

/**
 * A CSV's bytes as text: UTF-8 (a BOM is dropped by the parser), or Windows-1252 when the first bytes are not UTF-8
 * — what Excel's plain "CSV (delimitado por comas)" writes on Windows, accents and all.
 */
export function decodeCsv(body: ReadableStream<Uint8Array>): ReadableStream<string> {
  let decoder: TextDecoder | null = null;
  return body.pipeThrough(
    new TransformStream<Uint8Array, string>({
      transform(chunk, controller) {
        if (!decoder) {
          try {
            new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(chunk, { stream: true });
            decoder = new TextDecoder("utf-8", { fatal: false, ignoreBOM: false });
          } catch {
            decoder = new TextDecoder("windows-1252", { fatal: false, ignoreBOM: false });
          }
        }
        const text = decoder.decode(chunk, { stream: true });
        if (text) controller.enqueue(text);
      },
      flush(controller) {
        const text = decoder?.decode() ?? "";
        if (text) controller.enqueue(text);
      },
    }),
  );
}
