package dev.artie.capabilities.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressGuardTest {
    private final AddressGuard guard = AddressGuard.publicInternetOnly();

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.0.9",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.254",
                "192.168.1.1",
                "169.254.169.254",
                "169.254.0.1",
                "100.64.0.1",
                "100.127.255.254",
                "0.0.0.0",
                "224.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "::ffff:10.0.0.1",
                "::ffff:169.254.169.254",
                "::127.0.0.1",
                "64:ff9b::10.0.0.1",
                // Benchmarking, documentation, the 6to4 relay anycast.
                "198.18.0.1",
                "198.19.255.254",
                "192.0.2.1",
                "198.51.100.7",
                "203.0.113.9",
                "192.88.99.1",
                // IPv6 ranges that reach an IPv4 network through a translator or relay, and other special ones.
                "64:ff9b:1::1",
                "64:ff9b:1:ffff::a00:1",
                "2002:7f00:1::1",
                "2002:a9fe:a9fe::1",
                "2001:0:4136:e378::1",
                "2001:2::1",
                "2001:db8::1",
                "3fff::1",
                "100::1",
                "5f00::1",
                "::5"
            })
    void refusesEverythingThatIsNotThePublicInternet(String address) throws Exception {
        assertThat(guard.refusal(InetAddress.getByName(address), 80))
                .as(address)
                .isNotNull();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.215.14",
                "8.8.8.8",
                "172.32.0.1",
                "172.15.255.255",
                "100.63.255.255",
                "100.128.0.1",
                "192.169.0.1",
                "2606:4700::1111",
                "::ffff:8.8.8.8",
                "198.17.255.255",
                "198.20.0.1",
                "2001:4860:4860::8888",
                "2003::1",
                "64:ff9b::8.8.8.8"
            })
    void letsPublicAddressesThrough(String address) throws Exception {
        assertThat(guard.refusal(InetAddress.getByName(address), 443))
                .as(address)
                .isNull();
    }

    /** Java turns "::ffff:a.b.c.d" into an IPv4 address when parsing; a resolver may still hand over the IPv6 form. */
    @Test
    void judgesAnIpv4MappedIpv6AddressByTheIpv4AddressInside() throws Exception {
        Inet6Address loopback = Inet6Address.getByAddress(
                null, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 127, 0, 0, 1}, null);
        Inet6Address privateOne = Inet6Address.getByAddress(
                null, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 10, 0, 0, 1}, null);
        Inet6Address publicOne = Inet6Address.getByAddress(
                null, new byte[] {0, 0, 0, 0, 0, 0, 0, 0, 0, 0, (byte) 0xff, (byte) 0xff, 8, 8, 8, 8}, null);

        assertThat(guard.refusal(loopback, 80)).isEqualTo("a loopback address (inside an IPv6 address)");
        assertThat(guard.refusal(privateOne, 80)).isEqualTo("a private address (inside an IPv6 address)");
        assertThat(guard.refusal(publicOne, 80)).isNull();
    }

    @Test
    void anExceptionAllowsExactlyOneAddressAndPort() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        AddressGuard testGuard = AddressGuard.allowingOnly(Set.of(new InetSocketAddress(loopback, 8123)));

        assertThat(testGuard.refusal(loopback, 8123)).isNull();
        assertThat(testGuard.refusal(loopback, 8124)).isEqualTo("a loopback address");
        assertThat(testGuard.refusal(InetAddress.getByName("10.0.0.1"), 8123)).isEqualTo("a private address");
    }
}
