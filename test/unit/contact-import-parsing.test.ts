// The contacts import's pure parts: CSV as spreadsheets write it (any chunking), phone numbers with the
// workspace's country, what each header means, and one row read into a contact.
import { describe, expect, it } from "vitest";
import { callingCodeOf, phoneKeyVariants, plausibleE164, toE164Digits } from "../../shared/phone";
import { type CsvRecord, CsvParser, csvRecords, detectDelimiter } from "../../worker/contacts/csv-rows";
import { columnsOf, consentOf, ImportHeaderError, mergeRows, readRow, tagsOf } from "../../worker/contacts/import-columns";

/** Parses text pushed in pieces of `size` characters (1 = every split point a chunk boundary can fall on). */
function parse(text: string, size = text.length || 1): CsvRecord[] {
  const parser = new CsvParser();
  const out: CsvRecord[] = [];
  for (let i = 0; i < text.length; i += size) out.push(...parser.push(text.slice(i, i + size)));
  out.push(...parser.finish());
  return out;
}
const fields = (records: CsvRecord[]) => records.map((r) => r.fields);

describe("CSV rows", () => {
  const sample = '\uFEFFTeléfono;Nombre;Notas\r\n600111222;"Pérez; Ana";"dice ""hola""\r\ny adiós"\r\n\r\n600333444;Luis;\r\n';
  const expected = [
    ["Teléfono", "Nombre", "Notas"],
    ["600111222", "Pérez; Ana", 'dice "hola"\r\ny adiós'],
    ["600333444", "Luis", ""],
  ];

  it("reads quoted fields, escaped quotes, line breaks inside quotes, a BOM and CRLF, whatever the chunking", () => {
    for (const size of [1, 2, 3, 7, 1000]) expect(fields(parse(sample, size)), `chunks of ${size}`).toEqual(expected);
  });

  it("numbers rows as a spreadsheet does: the header is 1, blank lines count", () => {
    expect(parse(sample).map((r) => r.row)).toEqual([1, 2, 4]);
  });

  it("takes the delimiter from the header line", () => {
    expect(detectDelimiter("phone,name,tags")).toBe(",");
    expect(detectDelimiter("teléfono;nombre;etiquetas")).toBe(";");
    expect(detectDelimiter("phone\tname")).toBe("\t");
    expect(detectDelimiter('"a;b",c')).toBe(",");
    expect(detectDelimiter("phone")).toBe(",");
    expect(fields(parse("phone,name\n1,\"a,b\"\n"))).toEqual([["phone", "name"], ["1", "a,b"]]);
  });

  it("accepts LF, CRLF and lone CR, a last line without an end, and rows of ;;; as blank", () => {
    expect(fields(parse("a;b\r1;2\r\n3;4\n;;\n5;6", 1))).toEqual([["a", "b"], ["1", "2"], ["3", "4"], ["5", "6"]]);
  });

  it("reports a quote left open at the end", () => {
    const parser = new CsvParser();
    parser.push('phone\n"600111222\n');
    parser.finish();
    expect(parser.unterminatedRow).toBe(2);
  });

  it("reads a stream of text", async () => {
    const stream = new ReadableStream<string>({
      start(c) {
        for (const piece of ["phone;na", "me\r", "\n1;x\r\n2;", "y"]) c.enqueue(piece);
        c.close();
      },
    });
    const out: CsvRecord[] = [];
    for await (const r of csvRecords(stream)) out.push(r);
    expect(fields(out)).toEqual([["phone", "name"], ["1", "x"], ["2", "y"]]);
  });
});

describe("phone numbers", () => {
  it("reads national numbers with the workspace's calling code and international ones as they are", () => {
    expect(toE164Digits("612 34 56 78", "34")).toBe("34612345678");
    expect(toE164Digits("+34 612-34-56-78", "52")).toBe("34612345678");
    expect(toE164Digits("0034612345678", "52")).toBe("34612345678");
    expect(toE164Digits("(55) 1234 5678", "52")).toBe("525512345678");
    expect(toE164Digits("+52 1 55 1234 5678", "34")).toBe("5215512345678");
    expect(toE164Digits("011 2345 6789", "54")).toBe("541123456789");
  });

  it("reads digits that lost their '+' in a spreadsheet as international when they are not a national number", () => {
    expect(toE164Digits("34612345678", "34")).toBe("34612345678");
    expect(toE164Digits("573001112233", "34")).toBe("573001112233");
  });

  it("refuses what cannot be a number of that country", () => {
    for (const bad of ["12345", "6123456789012", "abc", "", "+34 61234567", "3.46123E+11", "+0612345678"]) expect(toE164Digits(bad, "34"), bad).toBeNull();
    expect(plausibleE164("4930123456")).toBe(true);
  });

  it("knows Mexico's and Argentina's mobile variants", () => {
    expect(phoneKeyVariants("525512345678")).toEqual(["5215512345678"]);
    expect(phoneKeyVariants("5215512345678")).toEqual(["525512345678"]);
    expect(phoneKeyVariants("541123456789")).toEqual(["5491123456789"]);
    expect(phoneKeyVariants("34612345678")).toEqual([]);
  });

  it("takes the workspace's country from its time zone", () => {
    expect(callingCodeOf("America/Bogota")).toBe("57");
    expect(callingCodeOf("Asia/Tokyo")).toBe("34");
  });
});

describe("import columns and rows", () => {
  it("names columns in Spanish or English, any case or accents; the rest are attributes as written", () => {
    const c = columnsOf(["Nombre", " MÓVIL ", "Etiquetas", "Consentimiento", "Ciudad", "", "Código postal"]);
    expect(c).toEqual({ phone: 1, name: 0, tags: 2, consent: 3, attributes: [["Ciudad", 4], ["Código postal", 6]] });
    expect(columnsOf(["WhatsApp", "Marketing"]).consent).toBe(1);
  });

  it("refuses a header without a phone column", () => {
    expect(() => columnsOf(["nombre", "email"])).toThrow(ImportHeaderError);
  });

  it("reads consent: yes words, no words, empty unchanged, anything else not understood", () => {
    expect(["sí", "SI", "Yes", "true", "1", "x", "X"].map(consentOf)).toEqual(Array(7).fill("yes"));
    expect(["no", "NO", "false", "0"].map(consentOf)).toEqual(Array(4).fill("no"));
    expect(consentOf("  ")).toBeNull();
    expect(consentOf("quizá")).toBeUndefined();
  });

  it("splits tags on ';' or '|' and drops repeats", () => {
    expect(tagsOf(" VIP ; Madrid| vip ||")).toEqual(["VIP", "Madrid"]);
  });

  it("reads a row, reporting bad values without dropping the contact", () => {
    const columns = columnsOf(["phone", "name", "consent", "city"]);
    const read = readRow(columns, ["612345678", "Ana", "quizá", "x".repeat(501)], 7, "34");
    expect(read.row).toEqual({ row: 7, phone: "34612345678", name: "Ana", tags: [], attributes: {}, consent: null });
    expect(read.issues.map((i) => [i.row, i.column, i.code])).toEqual([[7, "consent", "invalid_consent"], [7, "city", "value_too_long"]]);
    expect(readRow(columns, ["12"], 3, "34")).toEqual({ row: null, issues: [expect.objectContaining({ row: 3, code: "invalid_phone" })] });
  });

  it("merges a later row over an earlier one: its values win, tags add up", () => {
    const a = { row: 2, phone: "1", name: "A", tags: ["x"], attributes: { k: "1", j: "2" }, consent: "yes" as const };
    const b = { row: 5, phone: "1", name: null, tags: ["y", "X"], attributes: { k: "3" }, consent: null };
    expect(mergeRows(a, b)).toEqual({ row: 5, phone: "1", name: "A", tags: ["x", "y"], attributes: { k: "3", j: "2" }, consent: "yes" });
  });
});
