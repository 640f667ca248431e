package dev.artie.capabilities.web;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Set;

/**
 * The SSRF guard: which addresses a web fetch may connect to. Everything that is not the public internet is refused:
 * loopback, private, carrier-grade NAT, link-local (with the cloud metadata address 169.254.169.254), unspecified,
 * multicast and reserved ranges, IPv6 unique-local and link-local, and every IPv6 form that embeds an IPv4 address
 * (mapped {@code ::ffff:a.b.c.d}, compatible {@code ::a.b.c.d}, NAT64 {@code 64:ff9b::a.b.c.d}), which is judged by
 * the IPv4 address inside.
 */
public final class AddressGuard {
    private static final byte[] NAT64_PREFIX = {0, 0x64, (byte) 0xff, (byte) 0x9b, 0, 0, 0, 0, 0, 0, 0, 0};

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
        byte[] bytes = address.getAddress();
        if (address instanceof Inet4Address) {
            return ipv4Refusal(bytes);
        }
        if (address instanceof Inet6Address) {
            byte[] embedded = embeddedIpv4(bytes);
            if (embedded != null) {
                String inner = ipv4Refusal(embedded);
                return inner == null ? null : inner + " (inside an IPv6 address)";
            }
            return ipv6Refusal(bytes);
        }
        return "not an IP address";
    }

    private static String ipv4Refusal(byte[] b) {
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if (first == 0) {
            return "an unspecified address (0.0.0.0/8)";
        }
        if (first == 127) {
            return "a loopback address";
        }
        if (first == 10 || first == 172 && second >= 16 && second <= 31 || first == 192 && second == 168) {
            return "a private address";
        }
        if (first == 169 && second == 254) {
            return "a link-local address (cloud metadata lives here)";
        }
        if (first == 100 && second >= 64 && second <= 127) {
            return "a carrier-grade NAT address (100.64.0.0/10)";
        }
        if (first == 192 && second == 0 && (b[2] & 0xff) == 0) {
            return "an IETF protocol address (192.0.0.0/24)";
        }
        if (first >= 224) {
            return "a multicast, reserved or broadcast address";
        }
        return null;
    }

    private static String ipv6Refusal(byte[] b) {
        boolean zeroUpTo15 = Arrays.equals(b, 0, 15, new byte[15], 0, 15);
        if (zeroUpTo15 && b[15] == 1) {
            return "a loopback address";
        }
        if (zeroUpTo15 && b[15] == 0) {
            return "an unspecified address (::)";
        }
        int first = b[0] & 0xff;
        int second = b[1] & 0xff;
        if ((first & 0xfe) == 0xfc) {
            return "a unique-local address (fc00::/7)";
        }
        if (first == 0xfe && (second & 0xc0) == 0x80) {
            return "a link-local address (fe80::/10)";
        }
        if (first == 0xfe && (second & 0xc0) == 0xc0) {
            return "a site-local address (fec0::/10)";
        }
        if (first == 0xff) {
            return "a multicast address";
        }
        return null;
    }

    /** The IPv4 address an IPv6 address carries in its last four bytes (mapped, compatible or NAT64), or null. */
    private static byte[] embeddedIpv4(byte[] b) {
        boolean tenZeros = Arrays.equals(b, 0, 10, new byte[10], 0, 10);
        boolean mapped = tenZeros && b[10] == (byte) 0xff && b[11] == (byte) 0xff;
        boolean compatible = tenZeros && b[10] == 0 && b[11] == 0 && (b[12] != 0 || b[13] != 0);
        boolean nat64 = Arrays.equals(b, 0, 12, NAT64_PREFIX, 0, 12);
        return mapped || compatible || nat64 ? Arrays.copyOfRange(b, 12, 16) : null;
    }
}
