import { z } from "zod";
import { newPasswordSchema } from "@/lib/auth/requests";

export const signUpSchema = z.object({
  name: z.string().trim().min(1, "Enter your name.").max(200),
  email: z.email("Enter a valid email address.").max(320),
  password: newPasswordSchema,
  inviteCode: z.string().trim().max(200).optional(),
});

export type SignUpInput = z.infer<typeof signUpSchema>;

export const changePasswordSchema = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(1024),
  newPassword: newPasswordSchema,
});

export type ChangePasswordInput = z.input<typeof changePasswordSchema>;
