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
import static j2html.TagCreator.p;
import static j2html.TagCreator.style;
import static j2html.TagCreator.table;
import static j2html.TagCreator.tbody;
import static j2html.TagCreator.td;
import static j2html.TagCreator.th;
import static j2html.TagCreator.thead;
import static j2html.TagCreator.title;
import static j2html.TagCreator.tr;

import j2html.tags.specialized.TableTag;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An evaluation as one HTML page, {@code index.html}, next to its PNG plots in the report directory:
 * nothing outside the directory is referenced, so it can be copied or attached as it is.
 */
public final class HtmlReport {
    public static final String PAGE = "index.html";
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
                        p(summary),
                        tableOf(headline).withId("headline"),
                        each(tables, HtmlReport::tableOf),
                        h2("Plots"),
                        each(plots, plot -> figure(img().withSrc(plot.file()).withAlt(plot.caption()),
                                figcaption(plot.caption())))))
                .renderFormatted();
        Path out = dir.resolve(PAGE);
        Files.writeString(out, "<!DOCTYPE html>\n" + page, StandardCharsets.UTF_8);
        return out;
    }

    private static TableTag tableOf(Table t) {
        return table(caption(t.caption()), thead(tr(each(t.header(), h -> th(h)))),
                tbody(each(t.rows(), row -> tr(each(row, cell -> td(cell))))));
    }
}
