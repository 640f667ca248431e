package dev.artie.capabilities.web;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/** Name resolution for web fetches, replaceable in tests. */
@FunctionalInterface
public interface HostResolver {
    HostResolver SYSTEM = host -> List.of(InetAddress.getAllByName(host));

    List<InetAddress> resolve(String host) throws UnknownHostException;
}
