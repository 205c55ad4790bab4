import { z } from "zod";

// What every domain's request schemas share. Each domain keeps what its
// routes and actions accept in lib/<domain>/requests.ts.

/** A row id in a path, query or form field: a cuid, bounded so a forged one costs nothing. */
export const idSchema = z.string().min(1).max(64);
