package org.dqmstream.certification;

import static j2html.TagCreator.body;
import static j2html.TagCreator.caption;
import static j2html.TagCreator.each;
import static j2html.TagCreator.h1;
import static j2html.TagCreator.head;
import static j2html.TagCreator.html;
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

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.dqmstream.records.LumisectionRange;
import org.dqmstream.records.RunCertification;
import org.dqmstream.records.SubsystemCertification;

/**
 * Writes run certifications as the data-quality team hands them on: one golden-JSON file per subsystem
 * ({@code <Subsystem>.json}, what {@link LabelledLumisections#read} and {@code train --certification} read),
 * a combined file for a set of subsystems ({@code good-for-<A>+<B>.json}), and a run summary for people
 * ({@code run-summary.csv}, {@code run-summary.html}).
 */
public final class CertificationExport {
    public static final String SUMMARY_CSV = "run-summary.csv";
    public static final String SUMMARY_HTML = "run-summary.html";

    private CertificationExport() {
    }

    /** One summary row: a run and a subsystem. */
    @JsonPropertyOrder({"run", "start", "end", "subsystem", "open", "lumisections", "good", "goodFraction",
            "monitorGoodFraction", "badRanges", "verdicts"})
    public record SummaryRow(int run, String start, String end, String subsystem, boolean open, int lumisections,
                             long good, double goodFraction, double monitorGoodFraction, String badRanges,
                             long verdicts) {
    }

    /** Per-subsystem certifications of the given runs, by subsystem. */
    public static Map<String, Certification> bySubsystem(Collection<RunCertification> runs) {
        Map<String, Map<Integer, List<Certification.LumiRange>>> ranges = new TreeMap<>();
        for (RunCertification run : runs) {
            for (SubsystemCertification s : run.getSubsystems()) {
                ranges.computeIfAbsent(s.getSubsystem(), k -> new TreeMap<>()).put(run.getRun(),
                        s.getGoodRanges().stream().map(r -> new Certification.LumiRange(r.getFirst(), r.getLast()))
                                .toList());
            }
        }
        Map<String, Certification> out = new LinkedHashMap<>();
        ranges.forEach((subsystem, byRun) -> out.put(subsystem, Certification.ofRanges(byRun)));
        return out;
    }

    /**
     * Writes every file into {@code dir}.
     *
     * @param combined subsystems whose lumisections must all be good for the combined file; empty: none
     * @return the files written
     */
    public static List<Path> write(Collection<RunCertification> runs, Path dir, Collection<String> combined)
            throws IOException {
        Files.createDirectories(dir);
        Map<String, Certification> bySubsystem = bySubsystem(runs);
        List<Path> written = new ArrayList<>();
        for (var e : bySubsystem.entrySet()) {
            Path file = dir.resolve(e.getKey() + ".json");
            e.getValue().write(file);
            written.add(file);
        }
        if (!combined.isEmpty()) {
            List<String> unknown = combined.stream().filter(s -> !bySubsystem.containsKey(s)).toList();
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("no certification for " + unknown + "; the runs certify "
                        + bySubsystem.keySet());
            }
            Path file = dir.resolve(combinedFileName(combined));
            Certification.allGood(combined.stream().map(bySubsystem::get).toList()).write(file);
            written.add(file);
        }
        List<SummaryRow> rows = summary(runs);
        Path csv = dir.resolve(SUMMARY_CSV);
        CsvMapper mapper = new CsvMapper();
        mapper.writer(mapper.schemaFor(SummaryRow.class).withHeader()).writeValues(csv.toFile()).writeAll(rows)
                .close();
        Path html = dir.resolve(SUMMARY_HTML);
        Files.writeString(html, page(runs, rows), StandardCharsets.UTF_8);
        written.add(csv);
        written.add(html);
        return written;
    }

    public static String combinedFileName(Collection<String> subsystems) {
        return "good-for-" + String.join("+", new TreeSet<>(subsystems)) + ".json";
    }

    public static List<SummaryRow> summary(Collection<RunCertification> runs) {
        List<SummaryRow> rows = new ArrayList<>();
        for (RunCertification run : runs) {
            for (SubsystemCertification s : run.getSubsystems()) {
                int n = run.getLumisections();
                long good = count(s.getGoodRanges());
                String bad = s.getBadRanges().stream().map(r -> r.getFirst() + "-" + r.getLast() + ": " + r.getReason())
                        .collect(Collectors.joining("; "));
                long verdicts = run.getVerdicts().stream().filter(v -> v.getSubsystem().equals(s.getSubsystem()))
                        .count();
                rows.add(new SummaryRow(run.getRun(), run.getStart().toString(), run.getEnd().toString(),
                        s.getSubsystem(), run.getOpen(), n, good, fraction(good, n),
                        fraction(count(s.getMonitorGoodRanges()), n), bad, verdicts));
            }
        }
        return rows;
    }

    private static long count(List<LumisectionRange> ranges) {
        return ranges.stream().mapToLong(r -> r.getLast() - r.getFirst() + 1L).sum();
    }

    private static double fraction(long part, int whole) {
        return whole == 0 ? Double.NaN : (double) part / whole;
    }

    private static String page(Collection<RunCertification> runs, List<SummaryRow> rows) {
        List<String> columns = List.of("run", "start", "subsystem", "open", "lumisections", "good", "good fraction",
                "monitor's good fraction", "bad ranges and reasons", "verdicts");
        return "<!DOCTYPE html>\n" + html(
                head(meta().withCharset("utf-8"), title("dqm-stream run certification"),
                        style("body{font-family:sans-serif}table{border-collapse:collapse}"
                                + "td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}"
                                + "tr.bad td{background:#fde8e8}")),
                body(h1("Run certification"),
                        p(runs.size() + " runs; policy: " + runs.stream().findFirst()
                                .map(r -> r.getPolicy().getDescription()).orElse("none")),
                        table(caption("Per run and subsystem: good fraction after people's verdicts and before "
                                + "them (the monitor alone), with every bad range and its reason"),
                                thead(tr(each(columns, c -> th(c)))),
                                tbody(each(rows, r -> tr(td(Integer.toString(r.run())), td(r.start()),
                                        td(r.subsystem()),
                                        td(r.open() ? "open" : "closed"), td(Integer.toString(r.lumisections())),
                                        td(Long.toString(r.good())), td(percent(r.goodFraction())),
                                        td(percent(r.monitorGoodFraction())), td(r.badRanges()),
                                        td(Long.toString(r.verdicts())))
                                        .withCondClass(!r.badRanges().isEmpty(), "bad")))))).render();
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "" : String.format("%.1f%%", 100 * fraction);
    }
}
