package dev.artie.capabilities.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * The SSRF guard: which addresses a web fetch may connect to. Everything that is not the public internet is refused:
 * the IANA special-purpose ranges (IPv4 and IPv6 registries) that are not globally reachable or not meant for web
 * servers (loopback, private, carrier-grade NAT, link-local with the cloud metadata address 169.254.169.254,
 * benchmarking, documentation, unspecified, multicast, reserved), and every IPv6 form that embeds an IPv4 address
 * (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}), which is judged by
 * the IPv4 address inside; the IPv6 transition ranges that route to an IPv4 address through a relay or a local
 * translator (6to4 2002::/16, Teredo 2001::/32, local-use NAT64 64:ff9b:1::/48) are refused outright.
 */
public final class AddressGuard {
    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};
    /** First match wins, so a narrower range with its own reason comes before the range around it. */
    private static final List<Range> REFUSED = List.of(
            Range.of("0.0.0.0/8", "an unspecified address (0.0.0.0/8)"),
            Range.of("127.0.0.0/8", "a loopback address"),
            Range.of("10.0.0.0/8", "a private address"),
            Range.of("172.16.0.0/12", "a private address"),
            Range.of("192.168.0.0/16", "a private address"),
            Range.of("169.254.0.0/16", "a link-local address (cloud metadata lives here)"),
            Range.of("100.64.0.0/10", "a carrier-grade NAT address (100.64.0.0/10)"),
            Range.of("192.0.0.0/24", "an IETF protocol address (192.0.0.0/24)"),
            Range.of("192.0.2.0/24", "a documentation address (192.0.2.0/24)"),
            Range.of("198.51.100.0/24", "a documentation address (198.51.100.0/24)"),
            Range.of("203.0.113.0/24", "a documentation address (203.0.113.0/24)"),
            Range.of("198.18.0.0/15", "a benchmarking address (198.18.0.0/15)"),
            Range.of("192.88.99.0/24", "a 6to4 relay address (192.88.99.0/24)"),
            Range.of("224.0.0.0/3", "a multicast, reserved or broadcast address"),
            Range.of("::1/128", "a loopback address"),
            Range.of("::/128", "an unspecified address (::)"),
            Range.of("::/96", "a deprecated IPv4-compatible address (::/96)"),
            Range.of("64:ff9b:1::/48", "a local-use NAT64 address (64:ff9b:1::/48)"),
            Range.of("100::/64", "a discard-only address (100::/64)"),
            Range.of("2001::/32", "a Teredo address (2001::/32)"),
            Range.of("2001::/23", "an IETF protocol address (2001::/23)"),
            Range.of("2001:db8::/32", "a documentation address (2001:db8::/32)"),
            Range.of("3fff::/20", "a documentation address (3fff::/20)"),
            Range.of("2002::/16", "a 6to4 address (2002::/16)"),
            Range.of("5f00::/16", "a segment-routing address (5f00::/16)"),
            Range.of("fc00::/7", "a unique-local address (fc00::/7)"),
            Range.of("fe80::/10", "a link-local address (fe80::/10)"),
            Range.of("fec0::/10", "a site-local address (fec0::/10)"),
            Range.of("ff00::/8", "a multicast address"));

    /** Exact address and port pairs let through anyway: only tests use it, for their own server on loopback. */
    private final Set<InetSocketAddress> exceptions;

    private AddressGuard(Set<InetSocketAddress> exceptions) {
        this.exceptions = Set.copyOf(exceptions);
    }

    public static AddressGuard publicInternetOnly() {
        return new AddressGuard(Set.of());
    }

    /** The guard with these exact endpoints allowed; a test's first hop, never a whole range. */
    public static AddressGuard allowingOnly(Set<InetSocketAddress> exceptions) {
        return new AddressGuard(exceptions);
    }

    /** Why connecting to this address and port is refused, or null when it is allowed. */
    public String refusal(InetAddress address, int port) {
        if (exceptions.contains(new InetSocketAddress(address, port))) {
            return null;
        }
        return refusal(address);
    }

    static String refusal(InetAddress address) {
        if (!(address instanceof Inet4Address) && !(address instanceof Inet6Address)) {
            return "not an IP address";
        }
        byte[] bytes = address.getAddress();
        byte[] embedded = bytes.length == 16 ? embeddedIpv4(bytes) : null;
        if (embedded != null) {
            String inner = refusal(embedded);
            return inner == null ? null : inner + " (inside an IPv6 address)";
        }
        return refusal(bytes);
    }

    private static String refusal(byte[] address) {
        return REFUSED.stream()
                .filter(range -> range.contains(address))
                .findFirst()
                .map(Range::reason)
                .orElse(null);
    }

    /** The IPv4 address an IPv6 address carries in its last four bytes (mapped, compatible or NAT64), or null. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean tenZeros = Arrays.equals(b, 0, 10, new byte[10], 0, 10);
        boolean mapped = tenZeros && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = tenZeros && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
        boolean nat64 = Arrays.equals(b, 0, 12, NAT64_PREFIX, 0, 12);
        return mapped || compatible || nat64 ? Arrays.copyOfRange(b, 12, 16) : null;
    }

    /** A CIDR block and why an address in it is refused. */
    private record Range(byte[] network, int bits, String reason) {
        static Range of(String cidr, String reason) {
            String[] parts = cidr.split("/");
            try {
                // A literal address: no name is looked up.
                return new Range(InetAddress.getByName(parts[0]).getAddress(), Integer.parseInt(parts[1]), reason);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(cidr, e);
            }
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = bits / 8;
            if (!Arrays.equals(address, 0, whole, network, 0, whole)) {
                return false;
            }
            int rest = bits % 8;
            int mask = (0xff << (8 - rest)) & 0xff;
            return rest == 0 || (address[whole] & mask) == (network[whole] & mask);
        }
    }
}
