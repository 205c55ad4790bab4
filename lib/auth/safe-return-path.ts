/**
 * A path to return to after signing in, accepted only when it stays on this
 * site: "/courses" is kept, "//evil.example" and "https://…" become "/".
 */
export function safeReturnPath(candidate: string | null | undefined): string {
  if (!candidate || !candidate.startsWith("/") || candidate.startsWith("//") || candidate.startsWith("/\\")) return "/";
  return candidate;
}
