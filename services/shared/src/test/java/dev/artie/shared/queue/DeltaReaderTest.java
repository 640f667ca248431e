package dev.artie.shared.queue;

import static org.assertj.core.api.Assertions.assertThat;

import dev.artie.shared.testing.RedisExtension;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The reader of partial replies against a real Redis: only the newest entry, once, and a reset as empty text. */
class DeltaReaderTest {
    @RegisterExtension
    static RedisExtension redis = new RedisExtension();

    private RedisClient client;
    private StatefulRedisConnection<String, String> connection;

    @BeforeEach
    void connect() {
        client = RedisClient.create(redis.url());
        connection = client.connect();
    }

    @AfterEach
    void close() {
        connection.close();
        client.shutdown();
    }

    @Test
    void readsTheNewestTextOnceAndAResetAsEmpty() {
        MessageCodec codec = MessageCodec.standalone();
        StreamPublisher publisher = new StreamPublisher(connection.sync(), 1_000);
        DeltaReader reader = new DeltaReader(connection, codec);
        assertThat(reader.newest("m1", null)).as("nothing streamed yet").isEmpty();

        publisher.publishDelta("m1", codec.encode(DeltaMessage.text("m1", 1, "Hel")));
        publisher.publishDelta("m1", codec.encode(DeltaMessage.text("m1", 2, "Hello")));
        DeltaReader.Delta newest = reader.newest("m1", null).orElseThrow();
        assertThat(newest.text()).isEqualTo("Hello");
        assertThat(newest.message().seq()).isEqualTo(2);
        assertThat(reader.newest("m1", newest.entryId())).as("already seen").isEmpty();

        publisher.publishDelta("m1", codec.encode(DeltaMessage.reset("m1", 3)));
        assertThat(reader.newest("m1", newest.entryId()).orElseThrow().text()).isEmpty();
        assertThat(reader.newest("other", null)).isEmpty();
    }

    @Test
    void anEntryThatIsNoDeltaIsNotShown() {
        connection.sync().xadd(Streams.deltas("m2"), Streams.MESSAGE_FIELD, "{\"v\":1,\"type\":\"reply\"}");
        assertThat(new DeltaReader(connection, MessageCodec.standalone()).newest("m2", null))
                .isEmpty();
    }
}
