// `problems export <slug> [--version N] [--format F]`: a published version
// of an authored problem, read from the app's database (DATABASE_PROVIDER,
// DATABASE_URL, as `npm start` reads them). Whoever runs it has the
// database's credentials already, so no sign-in is asked for; the web
// route checks the instructor's role instead.
import "dotenv/config";
import type { DocumentFormat } from "../../grader/authoring";
import { createDb } from "../../lib/db/client";
import { databaseTarget } from "../../lib/db/provider";
import { exportFileName, publishedText, type PublishedText } from "../../lib/authoring/author-text";

export interface ExportPublishedOptions {
  slug: string;
  /** Left out: the newest version. */
  version?: number;
  format?: DocumentFormat;
}

/** A slug or version that is not there: printed as it is, exit 2. */
export class NotPublishedError extends Error {}

export async function exportPublished({ slug, version, format }: ExportPublishedOptions): Promise<PublishedText & { fileName: string }> {
  const db = createDb(databaseTarget());
  try {
    const row = await db.problem.findFirst({
      where: { slug, ...(version === undefined ? {} : { version }) },
      orderBy: { version: "desc" },
      select: { slug: true, version: true, source: true, definition: true, authorText: true, authorFormat: true },
    });
    if (!row) {
      const versions = await db.problem.findMany({ where: { slug }, select: { version: true }, orderBy: { version: "asc" } });
      throw new NotPublishedError(
        versions.length === 0
          ? `no problem "${slug}" is published in this database (DATABASE_URL); check the slug on /author/problems`
          : `"${slug}" has no version ${version}; its versions are ${versions.map((v) => v.version).join(", ")}`,
      );
    }
    if (row.source !== "AUTHORED") {
      throw new NotPublishedError(`"${slug}" is a problem of the bank, not a document: its source is grader/bank`);
    }
    const exported = publishedText(row, format);
    return { ...exported, fileName: exportFileName(row, exported.format) };
  } finally {
    await db.$disconnect();
  }
}
