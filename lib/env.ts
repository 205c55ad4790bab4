import "server-only";
import { z } from "zod";

// The server's settings, validated once at start-up (instrumentation.ts) so a
// misconfigured deployment fails before serving anyone. .env.example
// documents each variable.

/** An optional whole-number setting from min to max; unset or empty means its default. */
function wholeNumberSetting(min: number, max: number, meaning: string) {
  return z
    .string()
    .optional()
    .refine((value) => value === undefined || value.trim() === "" || (/^\s*\d+\s*$/.test(value) && Number(value) >= min && Number(value) <= max), {
      message: `must be ${meaning}: a whole number from ${min}${max === Number.MAX_SAFE_INTEGER ? " up" : ` to ${max}`}`,
    });
}

const serverEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    NEXTAUTH_SECRET: z.string().optional(),
    NEXTAUTH_URL: z.url().optional(),
    DATABASE_PROVIDER: z.enum(["sqlite", "postgresql", "postgres"]).optional(),
    DATABASE_URL: z.string().optional(),
    CHAINRULE_SIGNUP: z.enum(["open", "invite"]).default("invite"),
    // Read where they are used (lib/rate-limit); checked here so that a typo stops the start.
    CHAINRULE_TRUSTED_PROXY_HOPS: wholeNumberSetting(0, 16, "the number of reverse proxies in front of the app (0 = do not trust X-Forwarded-For)"),
    CHAINRULE_SUBMISSIONS_PER_MINUTE: wholeNumberSetting(1, Number.MAX_SAFE_INTEGER, "a limit (submissions per student per minute)"),
    CHAINRULE_SUBMISSIONS_PER_IP_PER_MINUTE: wholeNumberSetting(1, Number.MAX_SAFE_INTEGER, "a limit (submissions per client network per minute)"),
    CHAINRULE_SIGNIN_FAILURES_PER_IP_PER_MINUTE: wholeNumberSetting(1, Number.MAX_SAFE_INTEGER, "a limit (wrong passwords per client network per minute)"),
    // Read by lib/grading/grading-pool.ts when the pool starts.
    CHAINRULE_GRADING_NICE: wholeNumberSetting(0, 19, "how much lower the grading threads' priority is than the request thread's (a Linux nice increment)"),
    // Read by app/api/problems/[slug]/submissions/route.ts (lib/http/concurrency-gate.ts).
    CHAINRULE_SUBMISSION_CONCURRENCY: wholeNumberSetting(1, 1000, "the number of submissions one server process works on at once"),
    // Read by lib/db/sqlite-adapter.ts when the database opens.
    CHAINRULE_SQLITE_SYNCHRONOUS: z
      .string()
      .optional()
      .refine((value) => value === undefined || ["", "FULL", "NORMAL"].includes(value.trim().toUpperCase()), {
        message: 'must be "FULL" (the default: every commit on disk) or "NORMAL"',
      }),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32)) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message:
          "NEXTAUTH_SECRET must be set to a random string of at least 32 characters in production (for example `openssl rand -base64 32`); it signs every session.",
      });
    }
  });

export type ServerEnv = z.infer<typeof serverEnvSchema>;

export class ServerEnvError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ServerEnvError";
  }
}

export function parseServerEnv(env: NodeJS.ProcessEnv): ServerEnv {
  const result = serverEnvSchema.safeParse(env);
  if (!result.success) {
    const problems = result.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new ServerEnvError(`Chainrule cannot start:\n- ${problems.join("\n- ")}`);
  }
  return result.data;
}

let cached: ServerEnv | undefined;

export function serverEnv(): ServerEnv {
  cached ??= parseServerEnv(process.env);
  return cached;
}
