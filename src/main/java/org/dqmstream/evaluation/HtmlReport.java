package org.dqmstream.evaluation;

import static j2html.TagCreator.body;
import static j2html.TagCreator.caption;
import static j2html.TagCreator.each;
import static j2html.TagCreator.figcaption;
import static j2html.TagCreator.figure;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.h2;
import static j2html.TagCreator.head;
import static j2html.TagCreator.html;
import static j2html.TagCreator.img;
import static j2html.TagCreator.meta;
import static j2html.TagCreator.pre;
import static j2html.TagCreator.style;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.title;
import static j2html.TagCreator.tr;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import j2html.tags.specialized.TableTag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * An evaluation as one HTML page, {@code index.html}, next to its PNG plots in the report directory:
 * nothing outside the directory is referenced, so it can be copied or attached as it is.
 */
public final class HtmlReport {
    public static final String PAGE = "index.html";
    /** What the evaluations write where a figure has no data (no bad lumisections, say): shown as an empty cell. */
    private static final Set<String> NO_DATA = Set.of("NaN", "nan");
    private static final CsvMapper CSV = new CsvMapper().enable(CsvParser.Feature.WRAP_AS_ARRAY);
    private static final String CSS = "body{font-family:sans-serif;margin:2em;max-width:1300px}"
            + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #bbb;padding:.3em .6em;"
            + "text-align:right}th{background:#eee}caption{font-weight:bold;text-align:left;padding:.3em 0}"
            + "figure{display:inline-block;margin:1em}img{max-width:620px;border:1px solid #ddd}";

    /** A table; the headline one gets the id {@code headline}. */
    public record Table(String caption, List<String> header, List<List<String>> rows) {
    }

    /** A PNG in the report directory and what it shows. */
    public record Plot(String file, String caption) {
    }

    private HtmlReport() {
    }

    /** Writes {@code dir/index.html}; every plot must already be in {@code dir}. */
    public static Path write(Path dir, String heading, String summary, Table headline, List<Table> tables,
                             List<Plot> plots) throws IOException {
        for (Plot plot : plots) {
            if (!Files.isRegularFile(dir.resolve(plot.file()))) {
                throw new IOException("report plot " + plot.file() + " is missing from " + dir);
            }
        }
        String page = html(
                head(meta().withCharset("utf-8"), title(heading), style(CSS)),
                body(
                        h1(heading),
                        tableOf(headline).withId("headline"),
                        each(tables, HtmlReport::tableOf),
                        h2("Plots"),
                        each(plots, plot -> figure(img().withSrc(plot.file()).withAlt(plot.caption()),
                                figcaption(plot.caption()))),
                        h2("Console output"),
                        pre(summary)))
                .renderFormatted();
        Path out = dir.resolve(PAGE);
        Files.writeString(out, "<!DOCTYPE html>\n" + page, StandardCharsets.UTF_8);
        return out;
    }

    /**
     * A page over a report directory as the evaluation commands left it: {@code summary.csv} (or, without
     * one, the first CSV) as the headline (one row: one line per figure), every other CSV as a table, and
     * every PNG.
     */
    public static Path ofDirectory(Path dir, String heading, String summary) throws IOException {
        List<Path> csvs, pngs;
        try (Stream<Path> files = Files.list(dir)) {
            List<Path> all = files.sorted().toList();
            csvs = all.stream().filter(f -> f.toString().endsWith(".csv")).toList();
            pngs = all.stream().filter(f -> f.toString().endsWith(".png")).toList();
        }
        if (csvs.isEmpty()) {
            throw new IOException(dir + " has no CSV for the headline table");
        }
        Path summaryCsv = Files.isRegularFile(dir.resolve("summary.csv")) ? dir.resolve("summary.csv") : csvs.get(0);
        List<String[]> rows = readCsv(summaryCsv);
        Table headline = rows.size() == 2
                ? new Table("Headline figures", List.of("figure", "value"), IntStream.range(0, rows.get(0).length)
                        .mapToObj(i -> List.of(rows.get(0)[i], i < rows.get(1).length ? rows.get(1)[i] : "")).toList())
                : csvTable("Headline figures", rows);
        List<Table> tables = new ArrayList<>();
        for (Path csv : csvs) {
            if (!csv.equals(summaryCsv)) {
                tables.add(csvTable(csv.getFileName().toString(), readCsv(csv)));
            }
        }
        return write(dir, heading, summary, headline, tables, pngs.stream().map(p -> new Plot(
                p.getFileName().toString(), p.getFileName().toString().replace(".png", "").replace('_', ' '))).toList());
    }

    private static Table csvTable(String caption, List<String[]> rows) {
        return new Table(caption, rows.isEmpty() ? List.of() : List.of(rows.get(0)),
                rows.stream().skip(1).map(List::of).toList());
    }

    private static List<String[]> readCsv(Path file) throws IOException {
        try (MappingIterator<String[]> it = CSV.readerFor(String[].class).readValues(file.toFile())) {
            return it.readAll();
        }
    }

    private static TableTag tableOf(Table t) {
        return table(caption(t.caption()), thead(tr(each(t.header(), h -> th(h)))),
                tbody(each(t.rows(), row -> tr(each(row, cell -> td(NO_DATA.contains(cell) ? "" : cell))))));
    }
}
