// Which text of a published version goes out: the author's own, or the
// canonical form. Free of "server-only" and of Prisma, so that the problems
// CLI (scripts/problems/cli.ts) chooses exactly as the export route does.
import { exportDocument, type DocumentFormat, type ProblemDocumentInput } from "@/grader/authoring";
import { documentOfStoredDefinition } from "@/grader/stored";

/** The columns of a Problem row that say what was published. */
export interface PublishedRow {
  slug: string;
  version: number;
  definition: unknown;
  authorText: string | null;
  authorFormat: string | null;
}

/**
 * `as-published`: the author's text, byte for byte. `canonical`: the stored
 * document in its stable form (grader/authoring/codec.ts), for a version
 * published before authors' texts were kept, or when the other format was
 * asked for; `note` then says which, for a header or stderr.
 */
export interface PublishedText {
  text: string;
  format: DocumentFormat;
  form: "as-published" | "canonical";
  note: string | null;
}

export const isDocumentFormat = (value: string | null): value is DocumentFormat => value === "json" || value === "yaml";

/** The canonical form is YAML unless asked otherwise, as export has always been. */
const CANONICAL_DEFAULT: DocumentFormat = "yaml";

/**
 * The text of a published version in `requested` format, or in the format
 * it was published in when none is asked for. A conversion to the other
 * format can only be the canonical form: comments and layout do not carry
 * over from YAML to JSON.
 */
export function publishedText(row: PublishedRow, requested?: DocumentFormat): PublishedText {
  const authorFormat = isDocumentFormat(row.authorFormat) ? row.authorFormat : null;
  if (row.authorText !== null && authorFormat && (requested === undefined || requested === authorFormat)) {
    return { text: row.authorText, format: authorFormat, form: "as-published", note: null };
  }
  const format = requested ?? CANONICAL_DEFAULT;
  const note =
    row.authorText === null
      ? `version ${row.version} was published before authors' texts were kept; this is its canonical form`
      : `version ${row.version} was published as ${authorFormat?.toUpperCase()}; this is its canonical form in ${format.toUpperCase()}`;
  return {
    text: exportDocument(documentOfStoredDefinition(row.definition) as ProblemDocumentInput, format),
    format,
    form: "canonical",
    note,
  };
}

/** `<slug>.v<version>.yaml` or `.json`. */
export const exportFileName = (row: Pick<PublishedRow, "slug" | "version">, format: DocumentFormat) =>
  `${row.slug}.v${row.version}.${format}`;
