package org.dqmstream.certification;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.TreeSet;
import org.dqmstream.lumisection.LumisectionId;

/**
 * Certified-good lumisections in the CMS "golden JSON" shape: {@code {"run": [[first, last], ...]}},
 * ranges inclusive. One file per subsystem gives per-subsystem labels.
 */
public final class Certification {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** An inclusive range of good lumisections. */
    public record LumiRange(int first, int last) {
        public LumiRange {
            if (first < 1 || last < first) {
                throw new IllegalArgumentException("bad lumisection range [" + first + ", " + last + "]");
            }
        }

        public int length() {
            return last - first + 1;
        }
    }

    private final NavigableMap<Integer, List<LumiRange>> rangesByRun;

    private Certification(NavigableMap<Integer, List<LumiRange>> rangesByRun) {
        this.rangesByRun = rangesByRun;
    }

    public static Certification read(Path file) throws IOException {
        Map<String, List<List<Integer>>> raw;
        try {
            raw = JSON.readValue(file.toFile(), new TypeReference<>() { });
        } catch (IOException e) {
            throw new IOException("certification file " + file + " is not a golden JSON object of "
                    + "run -> [[first, last], ...]: " + e.getMessage(), e);
        }
        NavigableMap<Integer, List<LumiRange>> runs = new TreeMap<>();
        for (var entry : raw.entrySet()) {
            int run;
            try {
                run = Integer.parseInt(entry.getKey().trim());
            } catch (NumberFormatException e) {
                throw new IOException(file + ": run key '" + entry.getKey() + "' is not a number");
            }
            List<LumiRange> ranges = new ArrayList<>();
            for (List<Integer> pair : entry.getValue()) {
                if (pair.size() != 2) {
                    throw new IOException(file + ": run " + run + " has range " + pair + ", expected [first, last]");
                }
                try {
                    ranges.add(new LumiRange(pair.get(0), pair.get(1)));
                } catch (IllegalArgumentException e) {
                    throw new IOException(file + ": run " + run + ": " + e.getMessage());
                }
            }
            runs.put(run, List.copyOf(ranges));
        }
        return new Certification(runs);
    }

    /** Builds the ranges that cover exactly the given good lumisections. */
    public static Certification ofGood(Collection<LumisectionId> good) {
        NavigableMap<Integer, List<LumiRange>> runs = new TreeMap<>();
        int run = -1, first = -1, last = -1;
        for (LumisectionId id : new TreeSet<>(good)) {
            if (id.run() == run && id.lumisection() == last + 1) {
                last = id.lumisection();
                continue;
            }
            if (run != -1) {
                runs.computeIfAbsent(run, r -> new ArrayList<>()).add(new LumiRange(first, last));
            }
            run = id.run();
            first = last = id.lumisection();
        }
        if (run != -1) {
            runs.computeIfAbsent(run, r -> new ArrayList<>()).add(new LumiRange(first, last));
        }
        return new Certification(runs);
    }

    /** Ranges as given, by run; each run's ranges in lumisection order, not overlapping. */
    public static Certification ofRanges(Map<Integer, List<LumiRange>> ranges) {
        NavigableMap<Integer, List<LumiRange>> runs = new TreeMap<>();
        ranges.forEach((run, list) -> {
            if (!list.isEmpty()) {
                runs.put(run, List.copyOf(list));
            }
        });
        return new Certification(runs);
    }

    /** The lumisections every one of {@code certifications} certifies good: "Muon and Track good". */
    public static Certification allGood(Collection<Certification> certifications) {
        if (certifications.isEmpty()) {
            throw new IllegalArgumentException("no certification to combine");
        }
        Certification first = certifications.iterator().next();
        List<LumisectionId> good = new ArrayList<>();
        first.rangesByRun.forEach((run, ranges) -> ranges.forEach(r -> {
            for (int ls = r.first(); ls <= r.last(); ls++) {
                int lumisection = ls;
                if (certifications.stream().allMatch(c -> c.isGood(run, lumisection))) {
                    good.add(new LumisectionId(run, lumisection));
                }
            }
        }));
        return ofGood(good);
    }

    public void write(Path file) throws IOException {
        Map<String, List<int[]>> raw = new LinkedHashMap<>();
        rangesByRun.forEach((run, ranges) ->
                raw.put(run.toString(), ranges.stream().map(r -> new int[] {r.first(), r.last()}).toList()));
        Files.createDirectories(file.toAbsolutePath().getParent());
        JSON.writeValue(file.toFile(), raw);
    }

    public boolean isGood(int run, int lumisection) {
        for (LumiRange r : rangesByRun.getOrDefault(run, List.of())) {
            if (lumisection >= r.first() && lumisection <= r.last()) {
                return true;
            }
        }
        return false;
    }

    public boolean isGood(LumisectionId id) {
        return isGood(id.run(), id.lumisection());
    }

    public Collection<Integer> runs() {
        return Collections.unmodifiableSet(rangesByRun.keySet());
    }

    public List<LumiRange> ranges(int run) {
        return rangesByRun.getOrDefault(run, List.of());
    }

    public long lumisectionCount() {
        return rangesByRun.values().stream().flatMap(List::stream).mapToLong(LumiRange::length).sum();
    }
}
