import { z } from "zod";
import { newPasswordSchema } from "@/lib/auth/requests";

/** What the set-password page sends with a link's secret. */
export const redeemInputSchema = z.object({
  password: newPasswordSchema,
  /** Only when claiming: the name to show; blank keeps the one staff entered. */
  name: z.string().trim().max(200).optional(),
});

export type RedeemInput = z.input<typeof redeemInputSchema>;
