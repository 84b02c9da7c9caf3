package org.dqmstream.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A webhook endpoint standing in for the paging and chat bridges: records what Alertmanager delivers. */
final class AlertReceiver implements AutoCloseable {
    record Delivery(String receiver, String alertname, String status, JsonNode labels) {
    }

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    AlertReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            JsonNode body = new ObjectMapper().readTree(exchange.getRequestBody());
            String receiver = exchange.getRequestURI().getPath().substring(1);
            body.get("alerts").forEach(a -> deliveries.add(new Delivery(receiver, a.at("/labels/alertname").asText(),
                    a.get("status").asText(), a.get("labels"))));
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
