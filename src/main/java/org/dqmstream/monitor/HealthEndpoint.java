package org.dqmstream.monitor;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Liveness and readiness beside /metrics, for an orchestrator and a shift crew's checks:
 * {@code /health/live} answers 503 once the stream has given up (restart the process), and
 * {@code /health/ready} answers 503 while the stream is not running, a stream thread failed within the
 * last minute, or an input partition is stalled, listing why.
 */
final class HealthEndpoint implements HttpHandler {
    static final String LIVE = "/health/live";
    static final String READY = "/health/ready";

    private final StreamHealth health;

    HealthEndpoint(StreamHealth health) {
        this.health = health;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (path.equals(LIVE)) {
                boolean live = health.live();
                respond(exchange, live ? 200 : 503, live ? "live\n" : "not live: "
                        + String.join("; ", health.problems()) + "\n");
            } else if (path.equals(READY)) {
                List<String> problems = health.problems();
                respond(exchange, problems.isEmpty() ? 200 : 503, problems.isEmpty() ? "ready\n"
                        : "not ready:\n" + String.join("\n", problems) + "\n");
            } else {
                respond(exchange, 404, "not found; try /metrics, " + LIVE + " or " + READY + "\n");
            }
        }
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
