package dev.artie.httpchat;

import io.micronaut.runtime.Micronaut;

/** The HTTP chat channel: `POST /api/chat` and the web chat page at `/`. */
public class HttpChatApplication {
    public static void main(String[] args) {
        Micronaut.run(HttpChatApplication.class, args);
    }
}
