import { z } from "zod";
import { MIN_PASSWORD_LENGTH } from "./password";

/** What the sign-in form sends; anything else is refused without a database read. */
export const credentialsSchema = z.object({
  email: z.string().trim().min(1).max(320),
  password: z.string().min(1).max(1024),
});

/** A password being chosen (sign-up, change, set through a link): the same bounds and messages everywhere. */
export const newPasswordSchema = z
  .string()
  .min(MIN_PASSWORD_LENGTH, `Use at least ${MIN_PASSWORD_LENGTH} characters.`)
  .max(1024, "Use at most 1024 characters.");
