// The one rule for every return path the app honours: the sign-in page's
// and form's callbackUrl, next-auth's redirect callback (sign-in, the
// credentials callback, sign-out), and the forbidden page's `from`.
//
// Only a path on this site survives. A prefix check is not enough: browsers
// drop tabs and newlines from URLs and read "\" as "/", so "/\t/evil.example"
// and "/\evil.example" both lead to //evil.example, another site.
// So the candidate is parsed as a browser would, with the WHATWG URL parser
// against this site's origin, and refused unless it stays on it; raw control
// characters, whitespace and backslashes, and "//" once percent-decoded, are
// refused outright. Anything refused becomes "/". Never throws.

/** Stands in for the app's origin when none is known: absolute URLs then never match. */
const UNKNOWN_ORIGIN = "http://chainrule.invalid";

/** ASCII control characters, space and backslash. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_CHARACTER = /[\u0000-\u0020\u007f\\]/;

/** A URL scheme ("https:", "javascript:"), as the WHATWG parser would read one. */
const SCHEME = /^[a-z][a-z0-9+.-]*:/i;

/**
 * A path to return to, accepted only when it stays on this site:
 * "/courses?x=1" is kept, this site's own "https://app/courses" becomes
 * "/courses", and "//evil.example", "/\t/evil.example", "https://evil.example"
 * and anything malformed become "/". `origin` is the app's (scheme, host and
 * port); without it only paths are accepted.
 */
export function safeReturnPath(candidate: unknown, origin: string = UNKNOWN_ORIGIN): string {
  if (typeof candidate !== "string" || candidate === "" || UNSAFE_CHARACTER.test(candidate)) return "/";
  if (!candidate.startsWith("/") && !SCHEME.test(candidate)) return "/";
  let url: URL;
  let home: URL;
  try {
    home = new URL(origin);
    // An absolute URL is read on its own: "https:evil.example" names a host, whatever this site's scheme.
    url = candidate.startsWith("/") ? new URL(candidate, home) : new URL(candidate);
  } catch {
    return "/";
  }
  if (url.origin !== home.origin) return "/";
  const path = `${url.pathname}${url.search}${url.hash}`;
  return isPlainPath(path) ? path : "/";
}

/**
 * Whether a path, as parsed, means the same wherever it is read: it starts
 * with one "/", and neither it nor its percent-decoding has a control
 * character, a backslash or "//" (which a later decoding or a lax reader
 * could turn into another host).
 */
function isPlainPath(path: string): boolean {
  let decoded: string;
  try {
    decoded = decodeURIComponent(path);
  } catch {
    return false;
  }
  return [path, decoded].every((text) => text.startsWith("/") && !text.includes("//") && !UNSAFE_CHARACTER.test(text.replace(/ /g, "")));
}

/** The app's origin from NEXTAUTH_URL, when set (it must be, in production): lets its own absolute URLs through. */
export function appOrigin(nextAuthUrl: string | undefined): string | undefined {
  if (!nextAuthUrl) return undefined;
  try {
    return new URL(nextAuthUrl).origin;
  } catch {
    return undefined;
  }
}
