import { getDb } from "@/lib/db/client";
import { answerRegistrationLink } from "@/lib/lti/registration-page";

export const dynamic = "force-dynamic";

// A registration link (docs/lti.md, Dynamic Registration): opened by the LMS
// in its administrator's page, where there is no Chainrule session. The
// link's token is the authority; lib/lti/registration-links.ts checks it.
export async function GET(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return answerRegistrationLink(getDb(), request, token);
}
