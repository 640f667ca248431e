package dev.artie.httpchat;

import dev.artie.shared.config.ServiceMain;

/** The HTTP chat channel: `POST /api/chat` and the web chat page at `/`. */
public class HttpChatApplication {
    public static void main(String[] args) {
        ServiceMain.run(HttpChatApplication.class, args);
    }
}
