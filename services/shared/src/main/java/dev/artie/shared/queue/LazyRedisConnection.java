package dev.artie.shared.queue;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import io.lettuce.core.api.reactive.RedisReactiveCommands;
import io.lettuce.core.api.sync.RedisCommands;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.function.Supplier;

/**
 * A Redis connection that connects on first use instead of at start. A service whose Redis is not up yet (a pod
 * started before Redis, a Cloud Run instance whose Redis is still being created) therefore starts, answers
 * liveness and reports "not ready" instead of failing to start; commands fail like any Redis outage until the
 * first connection succeeds, and from then on Lettuce reconnects by itself.
 *
 * <p>Hand-written because Lettuce has no lazy initial connect: {@code RedisClient.connect()} throws when the server
 * is down.
 */
public final class LazyRedisConnection<K, V> implements InvocationHandler {
    private final RedisClient client;
    private final RedisCodec<K, V> codec;
    private volatile StatefulRedisConnection<K, V> connection;

    private LazyRedisConnection(RedisClient client, RedisCodec<K, V> codec) {
        this.client = client;
        this.codec = codec;
    }

    /** A connection with string keys and values, connecting on first use. */
    public static StatefulRedisConnection<String, String> of(RedisClient client) {
        return of(client, StringCodec.UTF8);
    }

    /** A connection with {@code codec}'s keys and values, connecting on first use. */
    @SuppressWarnings("unchecked")
    public static <K, V> StatefulRedisConnection<K, V> of(RedisClient client, RedisCodec<K, V> codec) {
        return (StatefulRedisConnection<K, V>)
                proxy(StatefulRedisConnection.class, new LazyRedisConnection<>(client, codec));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        return switch (method.getName()) {
            // Command interfaces are handed out at once; each command connects if needed.
            case "sync" -> commands(RedisCommands.class, () -> connected().sync());
            case "async" -> commands(RedisAsyncCommands.class, () -> connected().async());
            case "reactive" ->
                commands(RedisReactiveCommands.class, () -> connected().reactive());
            case "isOpen" -> connection != null && connection.isOpen();
            case "close", "closeAsync" ->
                connection == null
                        ? (method.getName().equals("close")
                                ? null
                                : java.util.concurrent.CompletableFuture.completedFuture(null))
                        : call(connection, method, args);
            case "toString" -> "LazyRedisConnection[" + (connection == null ? "not connected" : "connected") + "]";
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> call(connected(), method, args);
        };
    }

    private StatefulRedisConnection<K, V> connected() {
        StatefulRedisConnection<K, V> current = connection;
        if (current == null) {
            synchronized (this) {
                if (connection == null) {
                    connection = client.connect(codec);
                }
                current = connection;
            }
        }
        return current;
    }

    private static Object commands(Class<?> type, Supplier<Object> target) {
        return proxy(type, (proxy, method, args) -> switch (method.getName()) {
            case "toString" -> "lazy " + type.getSimpleName();
            case "hashCode" -> System.identityHashCode(proxy);
            case "equals" -> proxy == args[0];
            default -> call(target.get(), method, args);
        });
    }

    private static Object proxy(Class<?> type, InvocationHandler handler) {
        return Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler);
    }

    private static Object call(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
