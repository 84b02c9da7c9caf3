package org.dqmstream.metrics;

import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/** Reads series values from the text exposition format, as Prometheus would scrape them. */
public final class MetricsText {
    private MetricsText() {
    }

    public static String scrape(PrometheusRegistry registry) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            PrometheusTextFormatWriter.create().write(out, registry.scrape());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What a running endpoint serves, e.g. {@code http://127.0.0.1:9464/metrics}. */
    public static String scrape(String url) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The value of one series, e.g. {@code dqm_records_scored_total{source="lumisection"}}; NaN if absent. */
    public static double value(String exposition, String series) {
        return exposition.lines().filter(l -> l.startsWith(series + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(series.length() + 1).trim().split(" ")[0])).findFirst().orElse(Double.NaN);
    }

    /** The sum of a metric's series whose labels contain {@code labelFragment}, e.g. {@code source="image"}. */
    public static double sum(String exposition, String metric, String labelFragment) {
        return exposition.lines().filter(l -> l.startsWith(metric + "{") && l.contains(labelFragment))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf('}') + 1).trim().split(" ")[0])).sum();
    }
}
