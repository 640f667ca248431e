package dev.artie.discord;

import dev.artie.shared.config.ServiceMain;

/**
 * The Discord channel: a bot that answers mentions in guild channels and direct messages through the queue.
 * Runs as exactly one instance: two gateway connections would each receive every message and answer twice.
 */
public class DiscordApplication {
    public static void main(String[] args) {
        ServiceMain.run(DiscordApplication.class, args);
    }
}
