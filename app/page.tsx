import { redirect } from "next/navigation";
import { homePathFor } from "@/lib/auth/roles";
import { pageUser } from "@/lib/auth/page-guards";

export const dynamic = "force-dynamic";

// The home page has no content of its own: it sends each user to where their
// role works (students to their courses, TAs to the gradebook, instructors
// to authoring).
export default async function HomePage() {
  const user = await pageUser("/");
  redirect(homePathFor(user.memberships));
}
