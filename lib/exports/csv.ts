// CSV as RFC 4180 writes it: fields separated by commas, records by CRLF, a
// field quoted when it holds a comma, a quote or a line break, with quotes
// doubled inside. Spaces are part of a field and are kept as they are.

export type CsvValue = string | number | boolean | null | undefined;

// A cell starting with = + - @ (or a tab or carriage return) is run as a
// formula by spreadsheet programs: a student named "=HYPERLINK(...)" must
// not become a link in a TA's spreadsheet. Such text gets a leading
// apostrophe (OWASP's advice). Plain numbers such as "-0.5" are not formulas
// and are left as they are, so numeric answers stay readable.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return Number.isFinite(value) ? String(value) : "";
  if (typeof value === "boolean") return value ? "true" : "false";
  const text = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvRecord(values: readonly CsvValue[]): string {
  return `${values.map(csvField).join(",")}\r\n`;
}

/** A score for a spreadsheet: at most 4 decimals, without float noise such as 6.300000000000001. */
export function csvNumber(value: number): number {
  return Math.round(value * 1e4) / 1e4;
}

/**
 * A byte stream of CSV records produced page by page: `nextPage` is called
 * only when the consumer wants more (pull), so a large export never sits in
 * memory whole and a client that goes away stops the queries.
 */
export function csvStream(header: readonly string[][], nextPage: () => Promise<string[] | null>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  let headerSent = false;
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (!headerSent) {
        headerSent = true;
        controller.enqueue(encoder.encode(header.map((row) => csvRecord(row)).join("")));
        return;
      }
      const records = await nextPage();
      if (records === null) {
        controller.close();
        return;
      }
      controller.enqueue(encoder.encode(records.join("")));
    },
  });
}

/** A file name safe in a Content-Disposition header: letters, digits, dashes and dots. */
export function safeFileName(name: string): string {
  return (
    name
      .replace(/[^A-Za-z0-9.-]+/g, "-")
      .replace(/^-+|-+$/g, "")
      .slice(0, 100) || "export"
  );
}
