import { clientNetwork, networkKey } from "@/lib/rate-limit/client-ip";
import { readWholeNumberSetting, SETTINGS } from "@/lib/settings";

const xff = (value: string) => new Headers({ "x-forwarded-for": value });

describe("the client's network from X-Forwarded-For", () => {
  it("trusts nothing by default (no trusted proxy): no address, whatever the header says", () => {
    expect(clientNetwork(xff("203.0.113.7"), 0)).toBeNull();
    expect(clientNetwork(xff("198.51.100.1, 203.0.113.7"), 0)).toBeNull();
  });

  it("with one trusted proxy, takes the address the proxy appended, not the ones the client wrote", () => {
    // The client sent "X-Forwarded-For: 10.0.0.1, 192.0.2.99"; our proxy appended the peer it saw.
    expect(clientNetwork(xff("10.0.0.1, 192.0.2.99, 203.0.113.7"), 1)).toBe("203.0.113.7");
    expect(clientNetwork(xff("203.0.113.7"), 1)).toBe("203.0.113.7");
  });

  it("with two trusted proxies, takes the second entry from the right", () => {
    expect(clientNetwork(xff("10.0.0.1, 203.0.113.7, 198.51.100.20"), 2)).toBe("203.0.113.7");
  });

  it("gives no address when the header has fewer entries than trusted proxies, or none", () => {
    expect(clientNetwork(xff("203.0.113.7"), 2)).toBeNull();
    expect(clientNetwork(new Headers(), 1)).toBeNull();
    expect(clientNetwork(xff(" , "), 1)).toBeNull();
  });

  it("gives no address when the trusted entry is not an IP address", () => {
    expect(clientNetwork(xff("203.0.113.7, unknown"), 1)).toBeNull();
    expect(clientNetwork(xff("203.0.113.7, 999.1.1.1"), 1)).toBeNull();
  });

  it("reads the plain header object next-auth passes to authorize(), and repeated headers joined", () => {
    expect(clientNetwork({ "x-forwarded-for": "10.0.0.1, 203.0.113.7" }, 1)).toBe("203.0.113.7");
    expect(clientNetwork({ "x-forwarded-for": ["10.0.0.1", "203.0.113.8"] }, 1)).toBe("203.0.113.8");
    expect(clientNetwork({}, 1)).toBeNull();
  });

  it("drops a port some proxies append", () => {
    expect(clientNetwork(xff("203.0.113.7:51234"), 1)).toBe("203.0.113.7");
    expect(clientNetwork(xff("[2001:db8:1:2::5]:443"), 1)).toBe("2001:db8:1:2::/64");
  });
});

describe("the key a network is counted under", () => {
  it("keeps IPv4 addresses as they are and unwraps IPv4-mapped IPv6", () => {
    expect(networkKey("203.0.113.7")).toBe("203.0.113.7");
    expect(networkKey("::ffff:203.0.113.7")).toBe("203.0.113.7");
    expect(networkKey("::FFFF:cb00:7107")).toBe("203.0.113.7");
  });

  it("counts IPv6 addresses by their /64, so stepping through one subnet does not escape the limit", () => {
    expect(networkKey("2001:db8:1:2::1")).toBe("2001:db8:1:2::/64");
    expect(networkKey("2001:0db8:0001:0002:ffff:0:0:9")).toBe("2001:db8:1:2::/64");
    expect(networkKey("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(networkKey("::1")).toBe("0:0:0:0::/64");
    expect(networkKey("2001:db8:1:3::1")).not.toBe(networkKey("2001:db8:1:2::1"));
  });
});

describe("CHAINRULE_TRUSTED_PROXY_HOPS", () => {
  const hops = (value: string | undefined) => readWholeNumberSetting(SETTINGS.trustedProxyHops, { CHAINRULE_TRUSTED_PROXY_HOPS: value });

  it("is 0 when unset or empty, and the number of proxies otherwise", () => {
    expect(hops(undefined)).toBe(0);
    expect(hops("")).toBe(0);
    expect(hops("1")).toBe(1);
    expect(hops(" 2 ")).toBe(2);
  });

  it("refuses anything but a small whole number, naming the variable", () => {
    for (const bad of ["-1", "1.5", "yes", "100"]) {
      expect(() => hops(bad)).toThrow(/CHAINRULE_TRUSTED_PROXY_HOPS must be the number of reverse proxies/);
    }
  });
});
