import "server-only";
import { z } from "zod";
import { acceptsWholeNumber, SETTINGS, wholeNumberRequirement, type WholeNumberSetting } from "@/lib/settings";

// The server's settings, validated once at start-up (instrumentation.ts) so a
// misconfigured deployment fails before serving anyone. .env.example
// documents each variable.

/** An optional whole-number setting (lib/settings.ts): unset or blank means its default. */
function wholeNumberSetting(setting: WholeNumberSetting) {
  return z
    .string()
    .optional()
    .refine((value) => acceptsWholeNumber(setting, value), { message: wholeNumberRequirement(setting) });
}

const serverEnvSchema = z
  .object({
    NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
    NEXTAUTH_SECRET: z.string().optional(),
    NEXTAUTH_URL: z.url().optional(),
    DATABASE_PROVIDER: z.enum(["sqlite", "postgresql", "postgres"]).optional(),
    DATABASE_URL: z.string().optional(),
    CHAINRULE_SIGNUP: z.enum(["open", "invite"]).default("invite"),
    // Read where they are used (lib/settings.ts says where); checked here so that a typo stops the start.
    ...Object.fromEntries(Object.values(SETTINGS).map((setting) => [setting.name, wholeNumberSetting(setting)])),
    // Read by lib/db/sqlite-adapter.ts when the database opens.
    CHAINRULE_SQLITE_SYNCHRONOUS: z
      .string()
      .optional()
      .refine((value) => value === undefined || ["", "FULL", "NORMAL"].includes(value.trim().toUpperCase()), {
        message: 'must be "FULL" (the default: every commit on disk) or "NORMAL"',
      }),
    // Encrypts the LTI tool's private keys at rest (lib/lti/key-secret.ts). Unset in production: LTI is off.
    CHAINRULE_LTI_KEY_SECRET: z
      .string()
      .optional()
      .refine((value) => value === undefined || value === "" || value.length >= 32, {
        message:
          "must be a random string of at least 32 characters (for example `openssl rand -base64 32`); " +
          "it encrypts the LTI tool's private keys in the database",
      }),
  })
  .superRefine((env, ctx) => {
    if (env.NODE_ENV === "production" && (!env.NEXTAUTH_SECRET || env.NEXTAUTH_SECRET.length < 32)) {
      ctx.addIssue({
        code: "custom",
        path: ["NEXTAUTH_SECRET"],
        message:
          "NEXTAUTH_SECRET must be set to a random string of at least 32 characters in " +
          "production (for example `openssl rand -base64 32`); it signs every session.",
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

/**
 * The address of a server nobody named a public address for: this machine,
 * on the port it serves (PORT, which `next start` and `next dev` set from
 * `-p` too; 3000, Next's default, when unset).
 */
export function localSiteUrl(env: NodeJS.ProcessEnv = process.env): string {
  return `http://localhost:${env.PORT?.trim() || "3000"}`;
}

/**
 * Sets NEXTAUTH_URL to the local address when the operator left it unset or
 * blank, at start-up, so that next-auth's own redirects and every link the
 * app shows follow `PORT=3001 npm start`. An address the operator set wins.
 */
export function adoptLocalSiteUrl(env: NodeJS.ProcessEnv): void {
  if (!env.NEXTAUTH_URL?.trim()) env.NEXTAUTH_URL = localSiteUrl(env);
}

/** The site's own address for every link it hands out (invite, account and LTI links): NEXTAUTH_URL, else the local address. */
export function siteUrl(): string {
  return serverEnv().NEXTAUTH_URL ?? localSiteUrl();
}
