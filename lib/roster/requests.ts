import { z } from "zod";
import { idSchema } from "@/lib/http/requests";

// The fields of the roster forms. The actions parse them one at a time, the
// course first: the instructor check comes before the rest of the form is read.

export const roleSchema = z.enum(["STUDENT", "TA", "INSTRUCTOR"]);

/** Change a member's role or remove them. */
export const changeRoleFields = { courseId: idSchema, userId: z.string().min(1), role: roleSchema };

/** Make a member's set-password link. */
export const accountLinkFields = { courseId: idSchema, userId: idSchema };

/** Import a roster or replace the invite link: the course alone. */
export const courseIdSchema = idSchema;
