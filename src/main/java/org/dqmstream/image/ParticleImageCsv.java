package org.dqmstream.image;

import java.util.Arrays;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Particle images as CSV (optionally gzipped): a header with {@code p0..p99} pixel columns, the label
 * as {@code pdg} or {@code label} (a PDG code), and optionally {@code event}. Rows without an event
 * column get their row number as event, so every image stands alone in splits.
 */
public final class ParticleImageCsv {
    private static final int MAX_PIXEL = 255;

    private ParticleImageCsv() {
    }

    public static List<ParticleImage> read(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
        List<ParticleImage> out = new ArrayList<>();
        try (InputStream in = open(file);
             MappingIterator<String[]> rows = mapper.readerFor(String[].class).readValues(in)) {
            if (!rows.hasNext()) {
                throw new IOException(file + " is empty");
            }
            Columns columns = Columns.of(file, rows.next());
            long line = 1;
            while (rows.hasNext()) {
                line++;
                String[] row = rows.next();
                if (row.length == 1 && row[0].isBlank()) {
                    continue;
                }
                try {
                    out.add(columns.image(row, line));
                } catch (RuntimeException e) {
                    throw new IOException(file + " line " + line + ": " + e.getMessage(), e);
                }
            }
        }
        return out;
    }

    public static void write(Path file, List<ParticleImage> images) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
             OutputStream maybeGzip = file.toString().endsWith(".gz") ? new GZIPOutputStream(raw) : raw;
             PrintWriter w = new PrintWriter(new java.io.OutputStreamWriter(maybeGzip, StandardCharsets.UTF_8))) {
            StringBuilder header = new StringBuilder("event,pdg");
            for (int i = 0; i < ParticleImage.PIXELS; i++) {
                header.append(",p").append(i);
            }
            w.println(header);
            for (ParticleImage image : images) {
                StringBuilder row = new StringBuilder().append(image.event()).append(',').append(image.type().pdg());
                for (byte b : image.pixels()) {
                    row.append(',').append(b & 0xff);
                }
                w.println(row);
            }
        }
    }

    private static InputStream open(Path file) throws IOException {
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        return file.toString().endsWith(".gz") ? new GZIPInputStream(in, 1 << 16) : in;
    }

    /** Where each value sits in a row, from the header. */
    private record Columns(int event, int label, int[] pixels) {
        static Columns of(Path file, String[] header) throws IOException {
            int event = -1, label = -1;
            int[] pixels = new int[ParticleImage.PIXELS];
            Arrays.fill(pixels, -1);
            for (int i = 0; i < header.length; i++) {
                String name = header[i].trim();
                if (name.equals("event")) {
                    event = i;
                } else if (name.equals("pdg") || name.equals("label")) {
                    label = i;
                } else if (name.matches("p\\d+") && Integer.parseInt(name.substring(1)) < ParticleImage.PIXELS) {
                    pixels[Integer.parseInt(name.substring(1))] = i;
                }
            }
            if (label < 0) {
                throw new IOException(file + ": no 'pdg' or 'label' column in the header");
            }
            for (int p = 0; p < pixels.length; p++) {
                if (pixels[p] < 0) {
                    throw new IOException(file + ": no pixel column 'p" + p + "' in the header");
                }
            }
            return new Columns(event, label, pixels);
        }

        ParticleImage image(String[] row, long line) {
            byte[] values = new byte[ParticleImage.PIXELS];
            for (int p = 0; p < values.length; p++) {
                int v = Integer.parseInt(row[pixels[p]].trim());
                if (v < 0 || v > MAX_PIXEL) {
                    throw new IllegalArgumentException("pixel p" + p + " = " + v + " outside 0.." + MAX_PIXEL);
                }
                values[p] = (byte) v;
            }
            int eventNumber = event >= 0 ? Integer.parseInt(row[event].trim()) : (int) line;
            return new ParticleImage(eventNumber, ParticleType.ofPdg(Integer.parseInt(row[label].trim())), values);
        }
    }
}
