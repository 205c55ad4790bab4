import { getDb } from "@/lib/db/client";
import { AppError } from "@/lib/errors";
import { requireUser } from "@/lib/auth/session";
import { deepLinkFormPost } from "@/lib/lti/deep-linking";
import { ltiRoute } from "@/lib/lti/lti-route";
import { deepLinkAnswerSchema } from "@/lib/lti/requests";

export const dynamic = "force-dynamic";

// The picker's form (/lti/deep-link) posts here: signed in, with the request
// token of the caller's own deep-linking launch, and staff of its course. The
// answer is a page inside the LMS's iframe that form-posts the signed
// response to the LMS's return URL (lib/lti/platform-form-post.ts); a refusal
// is an HTML page saying what to do.

const text = (value: FormDataEntryValue | null) => (typeof value === "string" ? value : undefined);

export const POST = ltiRoute(async (request) => {
  // Only the picker's own page posts here; another site's form never does (the token is bound to its owner as well).
  const site = request.headers.get("sec-fetch-site");
  if (site && site !== "same-origin") {
    throw new AppError("FORBIDDEN", "Place content from Chainrule's own picker: open the LMS's “add external tool” dialog again.");
  }
  const user = await requireUser();
  let form: FormData;
  try {
    form = await request.formData();
  } catch {
    throw new AppError("INVALID_INPUT", "Send the picker's form (request and target): open the LMS's “add external tool” dialog again.");
  }
  const input = deepLinkAnswerSchema.safeParse({ request: text(form.get("request")), target: text(form.get("target")) });
  if (!input.success) {
    const issue = input.error.issues[0];
    throw new AppError("INVALID_INPUT", `${issue.path.join(".")}: ${issue.message}; choose an item in the picker and press Place.`);
  }
  return deepLinkFormPost(getDb(), user.id, input.data);
});
