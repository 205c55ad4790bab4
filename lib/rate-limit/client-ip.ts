import "server-only";
import { isIP } from "node:net";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";

// The client's address, for the per-network rate limits. The app never sees
// the TCP peer (Next does not expose it), only headers, and any client can
// write X-Forwarded-For itself. So the header is believed only as far as the
// operator says there are reverse proxies of their own in front of the app:
// each appends the address it received the request from, so with N trusted
// proxies the client's address is the N-th entry from the right, and
// everything to its left was written by the client. With no trusted proxy
// (the default), there is no address and no per-network limit.
//
// Note: Next itself fills in X-Forwarded-For with the peer's address when a
// request has none, so with hops = 1 and no proxy in front, a direct client
// is seen by its own address unless it sends the header itself: hops must
// only be set when the proxies are really there.

/** CHAINRULE_TRUSTED_PROXY_HOPS: 0 to 16, unset or blank is 0. */
export const TRUSTED_PROXY_HOPS = readWholeNumberSetting(SETTINGS.trustedProxyHops);

/** A fetch Headers, or the plain object next-auth passes to authorize(). */
export type HeadersLike = Headers | Record<string, string | string[] | undefined>;

function forwardedFor(headers: HeadersLike): string {
  if (headers instanceof Headers) return headers.get("x-forwarded-for") ?? "";
  const value = headers["x-forwarded-for"];
  return Array.isArray(value) ? value.join(",") : (value ?? "");
}

/** "203.0.113.7", "[2001:db8::1]:443", "203.0.113.7:51234" → the bare address, or null when it is not one. */
function bareAddress(entry: string): string | null {
  let address = entry.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(address);
  if (bracketed) address = bracketed[1];
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(address)) address = address.slice(0, address.lastIndexOf(":"));
  return isIP(address) === 0 ? null : address;
}

/** The eight 16-bit groups of an IPv6 address, as numbers. */
function ipv6Groups(address: string): number[] {
  let text = address.toLowerCase();
  // An embedded IPv4 tail (::ffff:192.0.2.1) becomes two groups.
  const v4 = /(\d+)\.(\d+)\.(\d+)\.(\d+)$/.exec(text);
  if (v4) {
    const [a, b, c, d] = v4.slice(1).map(Number);
    text = `${text.slice(0, v4.index)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`;
  }
  const [head, tail] = text.includes("::") ? text.split("::") : [text, undefined];
  const headGroups = head ? head.split(":") : [];
  const tailGroups = tail ? tail.split(":") : [];
  const zeros = tail === undefined ? [] : Array<string>(8 - headGroups.length - tailGroups.length).fill("0");
  return [...headGroups, ...zeros, ...tailGroups].map((group) => parseInt(group, 16));
}

/**
 * The key a network is counted under. IPv4 addresses as they are; an
 * IPv4-mapped IPv6 address as its IPv4 address; other IPv6 addresses by
 * their /64, since one home or campus subnet gets a whole /64 and could
 * otherwise step through fresh addresses to escape the limit.
 */
export function networkKey(address: string): string {
  if (isIP(address) === 4) return address;
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    return [groups[6] >> 8, groups[6] & 0xff, groups[7] >> 8, groups[7] & 0xff].join(".");
  }
  return `${groups
    .slice(0, 4)
    .map((g) => g.toString(16))
    .join(":")}::/64`;
}

/**
 * The client's network, as networkKey writes it, from the request headers
 * and the number of trusted proxies; null when there is none to trust (hops
 * 0), or when the header has fewer entries than proxies or the trusted entry
 * is not an address (the request did not come through all of them).
 */
export function clientNetwork(headers: HeadersLike, hops: number = TRUSTED_PROXY_HOPS): string | null {
  if (hops === 0) return null;
  const entries = forwardedFor(headers)
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  if (entries.length < hops) return null;
  const address = bareAddress(entries[entries.length - hops]);
  return address === null ? null : networkKey(address);
}
