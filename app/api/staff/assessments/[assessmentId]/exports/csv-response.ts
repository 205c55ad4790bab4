/** A streamed CSV download. The name is already reduced to safe characters (lib/exports/csv safeFileName). */
export function csvResponse({ fileName, stream }: { fileName: string; stream: ReadableStream<Uint8Array> }): Response {
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${fileName}"`,
      // Grades are personal data: never kept by a shared cache.
      "cache-control": "private, no-store",
    },
  });
}
