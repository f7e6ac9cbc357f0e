// Bulk import of knowledge articles from what businesses already have: a CSV (title/body/tags columns, Spanish
// headers too, comma or semicolon), Markdown split by headings, or plain text in blank-line-separated blocks.
// Pure parsing with per-row errors; the import route (worker/api/knowledge-routes.ts) stores the result.
import { ARTICLE_LIMITS } from "../../shared/api/knowledge";
import { normalize } from "./spanish-text";

export type ImportFormat = "csv" | "markdown" | "text";

export interface ImportedArticle {
  title: string;
  body: string;
  tags: string[];
  /** Where it came from, for messages: "fila 3", "línea 12". */
  origin: string;
}

export interface ImportError {
  origin: string;
  message: string;
}

export { ARTICLE_LIMITS };

/**
 * The imported articles whose title the workspace (or the same file, earlier) does not have yet, compared without
 * accents, case or punctuation: importing a file twice adds nothing.
 */
export function newArticles(articles: ImportedArticle[], existingTitles: string[]): ImportedArticle[] {
  const seen = new Set(existingTitles.map(normalize));
  return articles.filter((a) => {
    const key = normalize(a.title);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

export function parseImport(format: ImportFormat, text: string): { articles: ImportedArticle[]; errors: ImportError[] } {
  const clean = text.replace(/^\uFEFF/, "").replace(/\r\n?/g, "\n");
  const parsed = format === "csv" ? parseCsvArticles(clean) : format === "markdown" ? parseMarkdown(clean) : parsePlainText(clean);
  const articles: ImportedArticle[] = [];
  const errors = [...parsed.errors];
  for (const a of parsed.articles) {
    const problem = articleProblem(a);
    if (problem) errors.push({ origin: a.origin, message: problem });
    else articles.push(a);
  }
  if (articles.length > ARTICLE_LIMITS.articles) {
    errors.push({ origin: "archivo", message: `Too many articles in one import (${articles.length}); the limit is ${ARTICLE_LIMITS.articles}.` });
    return { articles: articles.slice(0, ARTICLE_LIMITS.articles), errors };
  }
  return { articles, errors };
}

function articleProblem(a: ImportedArticle): string | null {
  if (!a.title) return "missing title";
  if (!a.body) return `"${a.title.slice(0, 60)}": missing body`;
  if (a.title.length > ARTICLE_LIMITS.title) return `title longer than ${ARTICLE_LIMITS.title} characters`;
  if (a.body.length > ARTICLE_LIMITS.body) return `"${a.title.slice(0, 60)}": body longer than ${ARTICLE_LIMITS.body} characters`;
  if (a.tags.length > ARTICLE_LIMITS.tags) return `"${a.title.slice(0, 60)}": more than ${ARTICLE_LIMITS.tags} tags`;
  if (a.tags.some((t) => t.length > ARTICLE_LIMITS.tag)) return `"${a.title.slice(0, 60)}": a tag is longer than ${ARTICLE_LIMITS.tag} characters`;
  return null;
}

/** Tags as people type them in one cell or line: "envíos, precios" or "envíos; precios" or "#envios #precios". */
export function splitTags(cell: string): string[] {
  return [...new Set(cell.split(/[,;|#]/).map((t) => t.trim()).filter(Boolean))];
}

// ---- CSV ----

const HEADER_ALIASES: Record<"title" | "body" | "tags", string[]> = {
  title: ["title", "titulo", "pregunta", "question", "nombre", "asunto"],
  body: ["body", "cuerpo", "contenido", "respuesta", "answer", "texto", "text", "content", "descripcion"],
  tags: ["tags", "etiquetas", "etiqueta", "categorias", "categoria", "temas"],
};


/** RFC 4180 records: quoted fields may hold the delimiter, quotes ("") and line breaks. */
export function parseCsv(text: string, delimiter: string): { rows: string[][]; lines: number[]; unclosedQuoteAt?: number } {
  const rows: string[][] = [];
  const lines: number[] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let rowLine = 1;
  let quoteStart = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else {
        if (ch === "\n") line++;
        field += ch;
      }
    } else if (ch === '"' && field.trim() === "") {
      quoted = true;
      field = "";
      quoteStart = line;
    } else if (ch === delimiter) {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      lines.push(rowLine);
      row = [];
      field = "";
      line++;
      rowLine = line;
    } else field += ch;
  }
  if (quoted) return { rows, lines, unclosedQuoteAt: quoteStart };
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
    lines.push(rowLine);
  }
  return { rows, lines };
}

function parseCsvArticles(text: string): { articles: ImportedArticle[]; errors: ImportError[] } {
  const firstLine = text.slice(0, text.indexOf("\n") === -1 ? undefined : text.indexOf("\n"));
  // Spanish Excel saves CSV with semicolons (the comma is the decimal separator).
  const delimiter = (firstLine.match(/;/g)?.length ?? 0) > (firstLine.match(/,/g)?.length ?? 0) ? ";" : firstLine.includes("\t") && !firstLine.includes(",") ? "\t" : ",";
  const { rows, lines, unclosedQuoteAt } = parseCsv(text, delimiter);
  const errors: ImportError[] = [];
  if (unclosedQuoteAt) errors.push({ origin: `line ${unclosedQuoteAt}`, message: "a quoted field is never closed; rows from here on were not read" });
  const header = rows[0]?.map(normalize) ?? [];
  const column = (key: keyof typeof HEADER_ALIASES) => header.findIndex((h) => HEADER_ALIASES[key].includes(h));
  const [titleAt, bodyAt, tagsAt] = [column("title"), column("body"), column("tags")];
  if (titleAt < 0 || bodyAt < 0) {
    return { articles: [], errors: [...errors, { origin: "row 1", message: `the first row must name the columns: title and body (tags optional); found: ${rows[0]?.join(", ") || "nothing"}` }] };
  }
  const articles: ImportedArticle[] = [];
  rows.slice(1).forEach((row, i) => {
    if (row.every((cell) => cell.trim() === "")) return; // blank line
    articles.push({ title: (row[titleAt] ?? "").trim(), body: (row[bodyAt] ?? "").trim(), tags: tagsAt >= 0 ? splitTags(row[tagsAt] ?? "") : [], origin: rowName(i + 2, lines[i + 1]) });
  });
  return { articles, errors };
}

/** The spreadsheet's row number, and the file's line when a quoted cell with line breaks makes them differ. */
function rowName(row: number, line: number | undefined): string {
  return line === undefined || line === row ? `row ${row}` : `row ${row} (line ${line})`;
}

// ---- Markdown ----

function parseMarkdown(text: string): { articles: ImportedArticle[]; errors: ImportError[] } {
  const lines = text.split("\n");
  const headings = lines.map((l, i) => ({ i, m: /^(#{1,6})\s+(.+?)\s*#*\s*$/.exec(l) })).filter((h) => h.m);
  if (!headings.length) return parsePlainText(text);
  // Split at the deepest heading level that occurs more than once: "# Preguntas frecuentes" over "## …" sections
  // is a document title, not an article.
  const levels = [...new Set(headings.map((h) => h.m![1]!.length))].sort((a, b) => a - b);
  const level = levels.find((l) => headings.filter((h) => h.m![1]!.length === l).length > 1) ?? levels[levels.length - 1]!;
  const articles: ImportedArticle[] = [];
  const split = headings.filter((h) => h.m![1]!.length >= level);
  split.forEach((h, n) => {
    if (h.m![1]!.length !== level) return;
    const next = split.slice(n + 1).find((x) => x.m![1]!.length <= level)?.i ?? lines.length;
    const bodyLines = lines.slice(h.i + 1, next);
    let tags: string[] = [];
    const tagLine = bodyLines.findIndex((l) => /^\s*(tags|etiquetas)\s*:/i.test(l));
    if (tagLine >= 0) {
      tags = splitTags(bodyLines[tagLine]!.replace(/^\s*(tags|etiquetas)\s*:/i, ""));
      bodyLines.splice(tagLine, 1);
    }
    articles.push({ title: h.m![2]!.trim(), body: bodyLines.join("\n").trim(), tags, origin: `line ${h.i + 1}` });
  });
  return { articles, errors: [] };
}

// ---- Plain text ----

/** Blocks separated by blank lines; the first line of a block is its title, the rest its body. */
function parsePlainText(text: string): { articles: ImportedArticle[]; errors: ImportError[] } {
  const articles: ImportedArticle[] = [];
  const lines = text.split("\n");
  let start = -1;
  for (let i = 0; i <= lines.length; i++) {
    const blank = i === lines.length || lines[i]!.trim() === "";
    if (!blank && start < 0) start = i;
    if (blank && start >= 0) {
      const block = lines.slice(start, i);
      const title = block[0]!.trim().replace(/[:：]$/, "");
      articles.push({ title, body: block.slice(1).join("\n").trim(), tags: [], origin: `line ${start + 1}` });
      start = -1;
    }
  }
  return { articles, errors: [] };
}

export function formatFromName(name: string | undefined, contentType: string | undefined): ImportFormat | null {
  const ext = name?.toLowerCase().match(/\.([a-z]+)$/)?.[1];
  if (ext === "csv" || ext === "tsv") return "csv";
  if (ext === "md" || ext === "markdown") return "markdown";
  if (ext === "txt") return "text";
  const type = contentType?.toLowerCase() ?? "";
  if (type.startsWith("text/csv") || type.startsWith("text/tab-separated-values") || type.includes("ms-excel")) return "csv";
  if (type.startsWith("text/markdown") || type.startsWith("text/x-markdown")) return "markdown";
  if (type.startsWith("text/plain")) return "text";
  return null;
}
